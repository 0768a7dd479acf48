package io.dorado.fleet.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local Bot API server on 127.0.0.1 that answers as https://core.telegram.org/bots/api says:
 * {@code {"ok":true,"result":...}} or {@code {"ok":false,"error_code":...,"description":...}};
 * parameters as a form or as JSON; getUpdates long-polls, returns updates at or past {@code offset}
 * and forgets the ones before it (confirmed), and answers 409 to a poll that a newer one replaces.
 * Faults can be scripted per method (429 with retry_after, 502, slow answers). Every request is
 * recorded with the server's own clock, so tests can check the spacing of what arrived.
 */
final class FakeBotApi implements AutoCloseable {
  static final String TOKEN = "123456:TEST-token";

  /** One request as the server saw it; {@code nanos} is the server's clock at arrival. */
  record Received(String method, Map<String, String> params, long nanos, boolean answeredOk) {
    long chatId() {
      return Long.parseLong(params.get("chat_id"));
    }

    String text() {
      return params.get("text");
    }
  }

  sealed interface Fault {}

  /** 429 with {@code parameters.retry_after}, as Telegram's flood control answers. */
  record TooManyRequests(int retryAfterSeconds) implements Fault {}

  /** A 502 from the front proxy: an HTML page, not JSON. */
  record BadGateway() implements Fault {}

  /** Answers normally, but only after {@code delay}. */
  record Slow(Duration delay) implements Fault {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final Deque<ObjectNode> updates = new ArrayDeque<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private long nextUpdateId = 1000;
  private int nextMessageId = 1;
  private int nextCallbackId = 1;
  private long pollGeneration;
  /** Everything fails with 502 until {@link #heal()}. */
  private boolean down;
  private boolean keepConfirmed;

  static {
    // Without it the JDK server's small answers wait for delayed ACKs (~40 ms a request on loopback).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  FakeBotApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/bot" + TOKEN + "/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** What {@code base-url} must be: pengrad appends the token and the method. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/bot";
  }

  // ---- scripting

  synchronized void fault(String method, Fault... f) {
    faults.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(f));
  }

  synchronized void goDown() {
    down = true;
  }

  synchronized void heal() {
    down = false;
  }

  /** An operator types {@code text} in {@code chatId}; returns the update id. */
  synchronized long typed(long chatId, String text) {
    long id = nextUpdateId++;
    ObjectNode message = message(chatId, nextMessageId++, text);
    message.set("from", user(chatId));
    if (text.startsWith("/")) {
      int end = text.indexOf(' ') < 0 ? text.length() : text.indexOf(' ');
      message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0).put("length", end);
    }
    ObjectNode u = json.createObjectNode().put("update_id", id);
    u.set("message", message);
    updates.add(u);
    notifyAll();
    return id;
  }

  /**
   * A fault, not a Bot API shape: an update whose message has {@code date} (an Integer in the Bot API) as an object,
   * as a field whose type a newer Bot API changed would reach a client built for the older one. Its
   * {@code update_id} is as always. Returns the update id.
   */
  synchronized long malformed(long chatId, String text) {
    long id = nextUpdateId++;
    ObjectNode message = message(chatId, nextMessageId++, text);
    message.set("from", user(chatId));
    message.putObject("date").put("unix", System.currentTimeMillis() / 1000).put("tz", "UTC");
    ObjectNode u = json.createObjectNode().put("update_id", id);
    u.set("message", message);
    updates.add(u);
    notifyAll();
    return id;
  }

  /** An operator presses a button carrying {@code data} under the bot's message; returns the update id. */
  synchronized long pressed(long chatId, int messageId, String data) {
    long id = nextUpdateId++;
    String text = messages().stream().filter(m -> m.messageId == messageId).map(m -> m.text).reduce((a, b) -> b)
        .orElse("");
    ObjectNode q = json.createObjectNode().put("id", "cb-" + nextCallbackId++);
    q.set("from", user(chatId));
    q.set("message", message(chatId, messageId, text));
    q.put("chat_instance", "ci-" + chatId).put("data", data);
    ObjectNode u = json.createObjectNode().put("update_id", id);
    u.set("callback_query", q);
    updates.add(u);
    notifyAll();
    return id;
  }

  // ---- what arrived

  /** Everything that arrived, in order of arrival (a slow answer is recorded when answered, but sorted by arrival). */
  synchronized List<Received> received() {
    return received.stream().sorted(java.util.Comparator.comparingLong(Received::nanos)).toList();
  }

  synchronized List<Received> received(String method) {
    return received().stream().filter(r -> r.method.equals(method)).toList();
  }

  /** A message the server accepted (sendMessage answered ok), with its current text and buttons. */
  record Message(int messageId, long chatId, String text, String replyMarkup, boolean silent) {}

  synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  synchronized List<Message> messagesTo(long chatId) {
    return messages.stream().filter(m -> m.chatId == chatId).toList();
  }

  /** Updates not yet confirmed by a poll's offset. */
  synchronized int pendingUpdates() {
    return updates.size();
  }

  // ---- serving

  private void serve(HttpExchange exchange) throws IOException {
    long at = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    String method = path.substring(path.lastIndexOf('/') + 1);
    Map<String, String> params = params(exchange);
    Fault fault;
    synchronized (this) {
      Deque<Fault> f = faults.get(method);
      fault = down ? new BadGateway() : f == null ? null : f.poll();
    }
    if (fault instanceof Slow s) sleep(s.delay());
    if (fault instanceof TooManyRequests t) {
      record(method, params, at, false);
      ObjectNode body = error(429, "Too Many Requests: retry after " + t.retryAfterSeconds());
      body.putObject("parameters").put("retry_after", t.retryAfterSeconds());
      reply(exchange, 429, body.toString(), "application/json");
      return;
    }
    if (fault instanceof BadGateway) {
      record(method, params, at, false);
      reply(exchange, 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html");
      return;
    }
    ObjectNode body = switch (method) {
      case "getUpdates" -> getUpdates(params, at);
      case "sendMessage" -> sendMessage(params, at);
      case "editMessageText" -> editMessageText(params, at);
      case "answerCallbackQuery" -> {
        record(method, params, at, true);
        yield json.createObjectNode().put("ok", true).put("result", true);
      }
      default -> {
        record(method, params, at, false);
        yield error(404, "Not Found: method not found");
      }
    };
    int status = body.get("ok").asBoolean() ? 200 : body.get("error_code").asInt();
    reply(exchange, status, body.toString(), "application/json");
  }

  private ObjectNode getUpdates(Map<String, String> params, long at) {
    long offset = Long.parseLong(params.getOrDefault("offset", "0"));
    int limit = Integer.parseInt(params.getOrDefault("limit", "100"));
    long timeoutMillis = Long.parseLong(params.getOrDefault("timeout", "0")) * 1000;
    synchronized (this) {
      record("getUpdates", params, at, true);
      long generation = ++pollGeneration;
      notifyAll(); // a waiting older poll learns it has been replaced
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (true) {
        // Updates before the offset are confirmed: Telegram forgets them.
        if (!keepConfirmed) updates.removeIf(u -> u.get("update_id").asLong() < offset);
        boolean any = updates.stream().anyMatch(u -> u.get("update_id").asLong() >= offset);
        if (any || generation != pollGeneration || System.currentTimeMillis() >= deadline) break;
        try {
          wait(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (generation != pollGeneration) {
        return error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      }
      ObjectNode body = json.createObjectNode().put("ok", true);
      ArrayNode result = body.putArray("result");
      updates.stream().filter(u -> u.get("update_id").asLong() >= offset).limit(limit).forEach(result::add);
      return body;
    }
  }

  /**
   * Keeps even confirmed updates, as if the last confirming poll never reached Telegram (a crash
   * right after handling): only the offset a poller sends keeps it from getting them again.
   */
  synchronized void keepConfirmedUpdates() {
    keepConfirmed = true;
  }

  private synchronized ObjectNode sendMessage(Map<String, String> params, long at) {
    record("sendMessage", params, at, true);
    long chat = Long.parseLong(params.get("chat_id"));
    int id = nextMessageId++;
    messages.add(new Message(id, chat, params.get("text"), params.get("reply_markup"),
        Boolean.parseBoolean(params.getOrDefault("disable_notification", "false"))));
    ObjectNode body = json.createObjectNode().put("ok", true);
    body.set("result", message(chat, id, params.get("text")));
    return body;
  }

  private synchronized ObjectNode editMessageText(Map<String, String> params, long at) {
    long chat = Long.parseLong(params.get("chat_id"));
    int id = Integer.parseInt(params.get("message_id"));
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.messageId == id && m.chatId == chat) {
        record("editMessageText", params, at, true);
        messages.set(i, new Message(id, chat, params.get("text"), params.get("reply_markup"), m.silent));
        ObjectNode body = json.createObjectNode().put("ok", true);
        body.set("result", message(chat, id, params.get("text")));
        return body;
      }
    }
    record("editMessageText", params, at, false);
    return error(400, "Bad Request: message to edit not found");
  }

  private synchronized void record(String method, Map<String, String> params, long at, boolean ok) {
    received.add(new Received(method, params, at, ok));
  }

  private ObjectNode message(long chatId, int messageId, String text) {
    ObjectNode m = json.createObjectNode().put("message_id", messageId).put("date", System.currentTimeMillis() / 1000);
    m.putObject("chat").put("id", chatId).put("type", "private").put("first_name", "Operator");
    if (text != null) m.put("text", text);
    return m;
  }

  private ObjectNode user(long id) {
    return json.createObjectNode().put("id", id).put("is_bot", false).put("first_name", "Operator")
        .put("username", "op" + id);
  }

  private ObjectNode error(int code, String description) {
    return json.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
  }

  /** Parameters as Telegram takes them: a form (what pengrad sends), JSON, or the query string. */
  private Map<String, String> params(HttpExchange exchange) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) parseForm(query, params);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (type.startsWith("application/json") && !body.isBlank()) {
      JsonNode node = json.readTree(body);
      node.properties().forEach(e -> params.put(e.getKey(),
          e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    } else if (!body.isBlank()) {
      parseForm(body, params);
    }
    return params;
  }

  private static void parseForm(String form, Map<String, String> into) {
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(k, v);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up (a timeout, a cancelled poll): nothing to answer
    } finally {
      exchange.close();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      pollGeneration++;
      notifyAll();
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
