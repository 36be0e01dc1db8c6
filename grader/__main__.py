from dlgrade.cli import main

main()
