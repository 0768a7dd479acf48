package io.dorado.persistence.cassandra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback port helpers: is a port free, does something answer on it, pick a free one. */
public final class Ports {

  /** Lowest port handed out; well above the well-known and registered service ports we start. */
  private static final int LOWEST = 15_000;
  /** Linux's default ephemeral range starts here; used when /proc does not say. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

  private static final int HIGHEST = ephemeralLow() - 1;
  /** Each JVM starts at its own random point so that processes picking at once rarely meet. */
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(Math.max(1, HIGHEST - LOWEST)));

  private Ports() {}

  /**
   * A port that was free a moment ago on 127.0.0.1. It is chosen below the kernel's ephemeral range, so
   * no bind to port 0 (Pekko remoting, HTTP clients, the driver) can take it between the pick and the use;
   * another process picking explicitly still could.
   */
  public static int freeLoopbackPort() {
    int span = HIGHEST - LOWEST;
    if (span < 1_000) return ephemeralPort();
    for (int tries = 0; tries < span; tries++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), span);
      if (isFree("127.0.0.1", port)) return port;
    }
    throw new IllegalStateException("no free loopback port in " + LOWEST + "–" + HIGHEST);
  }

  private static int ephemeralPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static int ephemeralLow() {
    // Read as a stream: Files.readString trusts the size /proc reports, which some kernels give as 0 or 1.
    try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  static boolean isFree(String host, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean answers(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
