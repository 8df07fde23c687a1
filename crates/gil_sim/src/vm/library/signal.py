"""GIL Lab's model of the signal module: the signal numbers of Linux (plain ints here, where
CPython's are members of the Signals enum). Handlers are not modelled."""

SIGHUP = 1
SIGINT = 2
SIGQUIT = 3
SIGILL = 4
SIGTRAP = 5
SIGABRT = 6
SIGIOT = 6
SIGBUS = 7
SIGFPE = 8
SIGKILL = 9
SIGUSR1 = 10
SIGSEGV = 11
SIGUSR2 = 12
SIGPIPE = 13
SIGALRM = 14
SIGTERM = 15
SIGSTKFLT = 16
SIGCHLD = 17
SIGCONT = 18
SIGSTOP = 19
SIGTSTP = 20
SIGTTIN = 21
SIGTTOU = 22
SIGURG = 23
SIGXCPU = 24
SIGXFSZ = 25
SIGVTALRM = 26
SIGPROF = 27
SIGWINCH = 28
SIGIO = 29
SIGPOLL = 29
SIGPWR = 30
SIGSYS = 31
SIGRTMIN = 34
SIGRTMAX = 64
NSIG = 65

SIG_DFL = 0
SIG_IGN = 1

_NAMES = {value: name for name, value in list(globals().items())
          if name.startswith("SIG") and "_" not in name and name not in ("SIGIOT", "SIGPOLL")}


def strsignal(signalnum):
    names = {1: "Hangup", 2: "Interrupt", 3: "Quit", 6: "Aborted", 9: "Killed",
             11: "Segmentation fault", 13: "Broken pipe", 14: "Alarm clock", 15: "Terminated"}
    return names.get(signalnum)


def _not_modelled(name):
    raise NotImplementedError("signal.%s is not modelled in GIL Lab" % name)


def signal(signalnum, handler):
    _not_modelled("signal")


def getsignal(signalnum):
    return SIG_DFL


def alarm(seconds):
    _not_modelled("alarm")


def pause():
    _not_modelled("pause")


def raise_signal(signalnum):
    _not_modelled("raise_signal")
