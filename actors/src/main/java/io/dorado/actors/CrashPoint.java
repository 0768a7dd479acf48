package io.dorado.actors;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named moments of the order path at which a crash test kills the node on purpose, instead of hoping a
 * SIGKILL from outside lands there. Each actor marks its moment with one call ({@code
 * CrashPoint.SUBMITTED.reached()}); that is a no-op unless a point is armed, by the system property
 * {@value #PROPERTY} ({@code <POINT>:<n>}, e.g. {@code SUBMITTED:3}) or by {@link #arm}. At the
 * {@code n}-th time the armed point is reached after arming, the JVM prints {@code CRASH-POINT <POINT> <n>}
 * on standard output and halts with status {@value #HALT_STATUS}: no shutdown hook, no flush, no journal
 * write that was not already done, as in a power cut at that instant.
 */
public enum CrashPoint {
  /** The bot has written {@code OrderIntended} and not yet asked the guardian to acknowledge the order. */
  INTENT_JOURNALLED,
  /** The guardian has written the acknowledgement and not yet forwarded it to the venue. */
  ACKNOWLEDGED,
  /** The venue has written {@code Submitted} and not yet called its adapter. */
  SUBMITTED,
  /** The adapter has been called to place the order; the venue has written nothing of its answer. */
  ADAPTER_CALLED,
  /** The venue has written a fill and told neither the bot nor the guardian. */
  VENUE_FILL_WRITTEN,
  /** The bot has written a fill and done nothing that follows from it. */
  BOT_FILL_WRITTEN;

  /** {@code <POINT>:<n>}: halt at the n-th time POINT is reached. */
  public static final String PROPERTY = "dorado.crash-point";
  /** The exit status of a JVM halted at a crash point. */
  public static final int HALT_STATUS = 86;
  /** The first word of the line printed just before halting. */
  public static final String MARKER = "CRASH-POINT";

  /** The point armed and the hit it halts at; hits counts the times it was reached since arming. */
  record Armed(CrashPoint point, int at, AtomicInteger hits) {
    /** {@code null} for a blank value; a malformed one is refused, so a test never runs unarmed by a typo. */
    static Armed parse(String value) {
      if (value == null || value.isBlank()) return null;
      String[] parts = value.trim().split(":");
      try {
        int at = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        if (parts.length > 2 || at < 1) throw new IllegalArgumentException();
        return new Armed(CrashPoint.valueOf(parts[0].toUpperCase(Locale.ROOT)), at, new AtomicInteger());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PROPERTY + " must be <POINT>:<n> with n >= 1 and POINT one of "
            + java.util.Arrays.toString(values()) + ", not '" + value + "'");
      }
    }
  }

  private static volatile Armed armed = Armed.parse(System.getProperty(PROPERTY));

  /** Arms {@code point} to halt this JVM the {@code at}-th time it is reached from now on (tests only). */
  public static void arm(CrashPoint point, int at) {
    armed = Armed.parse(point + ":" + at);
  }

  /** The armed point and hit, or null: {@code <POINT>:<n>}. */
  public static String armed() {
    Armed a = armed;
    return a == null ? null : a.point() + ":" + a.at();
  }

  /** Marks this moment; halts the JVM if this point is armed and this is the hit it was armed for. */
  public void reached() {
    Armed a = armed;
    if (a == null || a.point() != this || a.hits().incrementAndGet() != a.at()) return;
    System.out.println(MARKER + " " + this + " " + a.at());
    System.out.flush();
    Runtime.getRuntime().halt(HALT_STATUS);
  }
}
