package io.dorado.actors.orderpath.venue.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A minimal RFC 6455 WebSocket server on 127.0.0.1 for the vendors' fakes (FakeKraken, FakeIbkr, FakeAlpaca): the
 * opening handshake (Sec-WebSocket-Accept = base64(SHA-1(key + GUID))), masked client text frames in, unmasked server
 * frames out — text frames, or binary ones where the vendor sends those (Alpaca's paper {@code /stream}: "The
 * trade_updates stream coming from wss://paper-api.alpaca.markets/stream uses binary frames") — ping/pong and close.
 * Dropping a connection is closing its socket, as a network failure would. What a connection has done so far
 * (authenticated, subscribed, which topics) is the fake's to record on it.
 */
public final class FakeWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  public final class Connection {
    private final Socket socket;
    private final OutputStream out;
    /** The client proved who it is (a login message, a token), where the vendor asks for one. */
    public volatile boolean authenticated;
    /** The client subscribed to the stream the fake pushes. */
    public volatile boolean subscribed;
    /** The vendor's topics the client subscribed to, where it has several (IBKR: sor, str). */
    public final java.util.Set<String> topics = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    public synchronized void send(String text) {
      try {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(binary ? 0x82 : 0x81);
        if (payload.length < 126) {
          out.write(payload.length);
        } else if (payload.length < 65536) {
          out.write(126);
          out.write(payload.length >>> 8);
          out.write(payload.length & 0xff);
        } else {
          out.write(127);
          for (int i = 7; i >= 0; i--) out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
        }
        out.write(payload);
        out.flush();
      } catch (IOException e) {
        drop();
      }
    }

    public void drop() {
      connections.remove(this);
      try {
        // the FIN goes out now: a close alone waits for the thread blocked reading this socket, and the client could
        // go on believing it open (seen with the IBKR market-data client)
        socket.shutdownOutput();
      } catch (IOException ignored) {
        // gone already
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // gone already
      }
    }
  }

  private final ServerSocket server;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final BiConsumer<Connection, String> onText;
  private volatile boolean closed;
  private final boolean binary;

  private final java.util.function.Consumer<Connection> onConnect;

  /** Text frames out; {@code onText} gets each client message. */
  public FakeWebSocketServer(BiConsumer<Connection, String> onText) throws IOException {
    this(c -> {}, onText, false);
  }

  public FakeWebSocketServer(BiConsumer<Connection, String> onText, boolean binary) throws IOException {
    this(c -> {}, onText, binary);
  }

  /** @param onConnect called once a client's handshake is done (the market data stream greets first) */
  public FakeWebSocketServer(java.util.function.Consumer<Connection> onConnect, BiConsumer<Connection, String> onText,
      boolean binary) throws IOException {
    this.onConnect = onConnect;
    this.onText = onText;
    this.binary = binary;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fake-ws-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Connection> connections() {
    return connections;
  }

  /** Every connection dropped without a close frame. */
  public void dropAll() {
    for (Connection c : List.copyOf(connections)) c.drop();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "fake-ws-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private void serve(Socket socket) {
    Connection connection = null;
    try {
      InputStream in = socket.getInputStream();
      String key = null;
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
          key = line.substring(colon + 1).trim();
        }
      }
      if (key == null) {
        socket.close();
        return;
      }
      String accept = Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      connection = new Connection(socket);
      connections.add(connection);
      onConnect.accept(connection);
      DataInputStream data = new DataInputStream(in);
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      while (true) {
        int b0 = data.readUnsignedByte();
        int b1 = data.readUnsignedByte();
        int opcode = b0 & 0x0f;
        long length = b1 & 0x7f;
        if (length == 126) length = data.readUnsignedShort();
        else if (length == 127) length = data.readLong();
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) data.readFully(mask);
        byte[] payload = new byte[(int) length];
        data.readFully(payload);
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
        if (opcode == 0x8) break; // close
        if (opcode == 0x9) { // ping: pong
          synchronized (connection) {
            out.write(0x8A);
            out.write(payload.length);
            out.write(payload);
            out.flush();
          }
          continue;
        }
        if (opcode == 0x1 || opcode == 0x0) {
          message.write(payload);
          if ((b0 & 0x80) != 0) {
            onText.accept(connection, message.toString(StandardCharsets.UTF_8));
            message.reset();
          }
        }
      }
    } catch (Exception e) {
      // the client went away, or we dropped it
    } finally {
      if (connection != null) connection.drop();
      else {
        try {
          socket.close();
        } catch (IOException ignored) {
          // gone
        }
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r') s.append((char) c);
    }
    return c == -1 && s.length() == 0 ? null : s.toString();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    dropAll();
    server.close();
  }
}
