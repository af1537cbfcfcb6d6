package dev.fleetscope.services.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

/** Names of x86_64 system call numbers, for the ids {@code raw_syscalls} tracepoints give. */
public final class SyscallNames {
  private static final Properties NAMES = new Properties();

  /** Calls that wait by design (for work, a timer or a child): long ones are idle, not stalls. */
  private static final Set<String> WAITING =
      Set.of(
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2",
          "poll",
          "ppoll",
          "select",
          "pselect6",
          "nanosleep",
          "clock_nanosleep",
          "wait4",
          "waitid",
          "rt_sigtimedwait",
          "rt_sigsuspend",
          "pause",
          "accept",
          "accept4",
          "io_getevents",
          "io_uring_enter",
          "io_pgetevents");

  static {
    try (InputStream in = SyscallNames.class.getResourceAsStream("syscalls-x86_64.properties")) {
      if (in != null) {
        NAMES.load(in);
      }
    } catch (IOException e) {
      // Numbers are shown as numbers then.
    }
  }

  private SyscallNames() {}

  public static String name(long nr) {
    String n = NAMES.getProperty(Long.toString(nr));
    return n == null ? "syscall " + nr : n;
  }

  /** True for calls whose long duration means waiting for work (not a stall); futex is not one. */
  public static boolean waiting(String name) {
    return WAITING.contains(name);
  }
}
