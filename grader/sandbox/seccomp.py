"""The box's seccomp filter: the calls a student's code in bubblewrap may not make (sandbox/isolation.py
passes it to bwrap). Standard library only."""
import functools
import os
import struct
import tempfile

# The calls the box may not make, closed by one seccomp filter (classic BPF) that bubblewrap loads
# before the student's code runs; SYSCALL_RULES lists them per machine, each with what it gets.
# - The grader's kernel keyrings: to the kernel the box is the grader's own user, and that user's
#   keyring (root's is shared by every root process of the machine) lets its owner link it into the
#   box's own session keyring, then read every key in it and add keys of its own. The keyring calls
#   (add_key, request_key, keyctl) are refused with EPERM.
# - Sockets of unusual families: AF_VSOCK reaches the hypervisor past the box's network namespace,
#   and opening a family whose module is not loaded makes the host's kernel load it (module
#   autoload: old, rarely used code, a known way into the kernel). socket and socketpair open only
#   SOCKET_FAMILIES (numpy's programs and multiprocessing need no other); any other family gets
#   EAFNOSUPPORT, the answer of a kernel built without it. io_uring (setup, enter, register) is
#   refused with EPERM: the kernel runs an IORING_OP_SOCKET request itself, where no filter sees it.
# - POSIX message queues (mq_open: EPERM): a queue outlives the processes that made it, for as long as
#   the box's IPC namespace, and no file of the box lists it: the fork server, whose box grades one
#   student after another (sandbox/zygote.py), could neither find nor remove one. No exercise uses them.
# - Any call of another ABI (x32, i386's int 0x80, arm32), whose numbers differ: EPERM.
# bubblewrap takes the program from a file descriptor, which the shell of SYSCALL_SH opens on a
# number the grader's child does not use.
SYSCALL_RULES = {  # machine: (its AUDIT_ARCH, its rules: (call numbers, what they get))
    "x86_64": (0xC000003E, (((248, 249, 250), "refuse"),  # add_key, request_key, keyctl
                            ((41, 53), "families"),  # socket, socketpair
                            ((425, 426, 427), "refuse"),  # io_uring_setup, io_uring_enter, io_uring_register
                            ((240,), "refuse"))),  # mq_open
    "aarch64": (0xC00000B7, (((217, 218, 219), "refuse"),
                             ((198, 199), "families"),
                             ((425, 426, 427), "refuse"),
                             ((180,), "refuse"))),
}
SOCKET_FAMILIES = (1, 2, 10, 16)  # AF_UNIX, AF_INET, AF_INET6, AF_NETLINK
SYSCALL_SH = ('for fd in 3 4 5 6 7 8 9; do [ -e "/proc/self/fd/$fd" ] || break; done; '
               'eval "exec $fd<\\"\\$0\\""; bwrap=$1; shift; exec "$bwrap" --seccomp "$fd" "$@"')
BPF_LOAD, BPF_JEQ, BPF_JGE, BPF_RET = 0x20, 0x15, 0x35, 0x06  # ld [k]; jeq #k; jge #k; ret #k
ALLOW, EPERM, EAFNOSUPPORT = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 97  # SECCOMP_RET_ALLOW; _ERRNO | errno


def syscall_program(machine):
    """The filter of `machine` as rows (code, jump if true, jump if false, k): a jump names the label
    (a string row) of its target, 0 goes on to the next row."""
    arch, rules = SYSCALL_RULES[machine]
    return [(BPF_LOAD, 0, 0, 4),  # A = seccomp_data.arch
            (BPF_JEQ, 0, "refuse", arch),  # another ABI: refused
            (BPF_LOAD, 0, 0, 0),  # A = seccomp_data.nr
            (BPF_JGE, "refuse", 0, 0x40000000),  # x32's numbers: refused
            *[(BPF_JEQ, action, 0, nr) for calls, action in rules for nr in calls],
            (BPF_RET, 0, 0, ALLOW),  # any other call
            "families", (BPF_LOAD, 0, 0, 16),  # A = the low word of args[0] (little-endian): the family
            *[(BPF_JEQ, "allow", 0, family) for family in SOCKET_FAMILIES],
            (BPF_RET, 0, 0, EAFNOSUPPORT),  # any other family
            "allow", (BPF_RET, 0, 0, ALLOW),
            "refuse", (BPF_RET, 0, 0, EPERM)]


def assemble(rows):
    """The bytes of classic BPF `rows` (see syscall_program). A jump counts from the next instruction,
    forward only, at most 255: any other is an error here, not a filter that bubblewrap refuses."""
    labels, code = {}, []
    for row in rows:
        if isinstance(row, str):
            labels[row] = len(code)
        else:
            code.append(row)

    def jump(at, target):
        offset = 0 if target == 0 else labels[target] - at - 1
        if not 0 <= offset <= 255:
            raise ValueError(f"BPF jump to {target!r} from instruction {at}: {offset}")
        return offset

    return b"".join(struct.pack("=HBBI", op, jump(at, jt), jump(at, jf), k) for at, (op, jt, jf, k) in enumerate(code))


@functools.lru_cache(maxsize=1)
def syscall_filter():
    """The path of the seccomp program that closes the calls of SYSCALL_RULES, written once per
    grading process (removed at exit); None on a machine whose calls are not listed."""
    import atexit
    import platform

    if platform.machine() not in SYSCALL_RULES:
        return None
    fd, path = tempfile.mkstemp(prefix="dlgrade-seccomp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(assemble(syscall_program(platform.machine())))
    owner = os.getpid()  # a forked process leaves it to its parent
    atexit.register(lambda: os.getpid() == owner and os.path.exists(path) and os.remove(path))
    return path
