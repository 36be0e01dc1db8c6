from dlgrade.cli.main import main

main()
