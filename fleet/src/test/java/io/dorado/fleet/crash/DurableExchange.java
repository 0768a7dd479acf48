package io.dorado.fleet.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.venue.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The test's exchange: the paper venue with a memory that outlives the fleet's JVM, as a real
 * exchange outlives its clients. Every change is appended to a file (one JSON line, fsync'd) before
 * anyone hears of it, so what the file holds is what the exchange did: which client order ids it
 * received, how often, and every fill.
 *
 * <p>A place of a client order id the exchange already has is answered with its status (as the
 * adapter contract asks) and written down as a {@code duplicate}: the crash tests count those.
 * Orders still working when the fleet died are cancelled when the exchange is opened again (cancel on
 * disconnect), so the fresh in-memory paper book never has to know about them.
 */
final class DurableExchange implements VenueAdapter {

  /** One line of the file: {@code placed} or {@code duplicate} (a place call) or {@code state} (a later change). */
  record Entry(String kind, OrderReport.Status status) {}

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final FileChannel file;
  private final PaperVenue paper;
  private final Consumer<String> markers;
  private final Map<ClientOrderId, OrderReport.Status> orders = new TreeMap<>();
  private final List<OrderReport> pushed = new ArrayList<>();
  private volatile Consumer<OrderReport> listener = report -> {};

  private DurableExchange(FileChannel file, PaperVenue paper, Consumer<String> markers) {
    this.file = file;
    this.paper = paper;
    this.markers = markers;
    paper.connect(pushed::add); // the paper venue pushes synchronously, inside our synchronized calls
  }

  /** Opens (or creates) the exchange kept in {@code path}; {@code markers} hears "SENT id" and "FILLED id". */
  static DurableExchange open(Path path, PaperMatchingEngine.Settings settings, Consumer<String> markers) {
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      DurableExchange exchange = new DurableExchange(channel, new PaperVenue(settings), markers);
      History.read(path).orders.forEach(exchange.orders::put);
      exchange.cancelOnDisconnect();
      return exchange;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void cancelOnDisconnect() {
    List<Entry> cancels = new ArrayList<>();
    for (OrderReport.Status s : orders.values()) {
      if (s.status().isTerminal()) continue;
      cancels.add(new Entry("state", new OrderReport.Status(s.clientOrderId(), OrderStatus.CANCELLED,
          s.filledQuantity(), s.fills(), "cancelled on disconnect: the client's session ended")));
    }
    write(cancels);
  }

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
  }

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    OrderReport answer;
    List<OrderReport> reports;
    synchronized (this) {
      OrderReport.Status known = orders.get(order.clientOrderId());
      if (known != null) {
        write(List.of(new Entry("duplicate", known)));
        return CompletableFuture.completedFuture(known);
      }
      answer = paper.place(order).toCompletableFuture().join();
      Set<ClientOrderId> touched = new LinkedHashSet<>(List.of(order.clientOrderId()));
      reports = drain(touched);
      List<Entry> entries = new ArrayList<>();
      entries.add(new Entry("placed", statusOf(order.clientOrderId())));
      touched.stream().filter(id -> !id.equals(order.clientOrderId())).forEach(id -> entries.add(new Entry("state", statusOf(id))));
      write(entries);
    }
    markers.accept("SENT " + order.clientOrderId());
    announce(reports);
    return CompletableFuture.completedFuture(answer);
  }

  /** The venue entity's positions to the paper book, which enforces reduce-only against them (a fresh book knows none). */
  @Override
  public synchronized void positionsWritten(Map<String, BigDecimal> positions, Set<String> fillIds) {
    paper.positionsWritten(positions, fillIds);
  }

  @Override
  public void onMarketPrice(Venue.MarketPrice price) {
    List<OrderReport> reports;
    synchronized (this) {
      paper.onMarketPrice(price);
      Set<ClientOrderId> touched = new LinkedHashSet<>();
      reports = drain(touched);
      write(touched.stream().map(id -> new Entry("state", statusOf(id))).toList());
    }
    announce(reports);
  }

  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
    List<OrderReport> reports;
    OrderReport answer;
    synchronized (this) {
      OrderReport.Status known = orders.get(id);
      if (known == null || known.status().isTerminal()) {
        return CompletableFuture.completedFuture(known == null ? unknown(id) : known);
      }
      answer = paper.cancel(id, reason).toCompletableFuture().join();
      Set<ClientOrderId> touched = new LinkedHashSet<>(List.of(id));
      reports = drain(touched);
      write(touched.stream().map(t -> new Entry("state", statusOf(t))).toList());
    }
    announce(reports);
    return CompletableFuture.completedFuture(answer);
  }

  @Override
  public synchronized CompletionStage<OrderReport.Status> query(ClientOrderId id) {
    OrderReport.Status known = orders.get(id);
    return CompletableFuture.completedFuture(known == null ? unknown(id) : known);
  }

  private List<OrderReport> drain(Set<ClientOrderId> touched) {
    List<OrderReport> reports = List.copyOf(pushed);
    pushed.clear();
    reports.forEach(r -> touched.add(r.clientOrderId()));
    return reports;
  }

  private OrderReport.Status statusOf(ClientOrderId id) {
    return paper.query(id).toCompletableFuture().join();
  }

  /** Tells the venue actor, only after the file has it. */
  private void announce(List<OrderReport> reports) {
    for (OrderReport report : reports) {
      if (report instanceof OrderReport.Filled f) markers.accept("FILLED " + f.clientOrderId());
      listener.accept(report);
    }
  }

  private void write(List<Entry> entries) {
    if (entries.isEmpty()) return;
    try {
      StringBuilder lines = new StringBuilder();
      for (Entry e : entries) {
        lines.append(JSON.writeValueAsString(e)).append('\n');
        orders.put(e.status().clientOrderId(), e.status());
      }
      ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) file.write(bytes);
      file.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("the exchange could not write its record", e);
    }
  }

  private static OrderReport.Status unknown(ClientOrderId id) {
    return new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), "the exchange never received it");
  }

  /** What the file says the exchange did. */
  static final class History {
    final Map<ClientOrderId, OrderReport.Status> orders = new TreeMap<>();
    final Map<ClientOrderId, Integer> placeCalls = new TreeMap<>();

    static History read(Path path) throws IOException {
      History h = new History();
      if (!Files.exists(path)) return h;
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        Entry e;
        try {
          e = JSON.readValue(line, Entry.class);
        } catch (IOException torn) {
          continue; // a line torn by the kill was never fsync'd, so nobody heard of it
        }
        ClientOrderId id = e.status().clientOrderId();
        if (!e.kind().equals("state")) h.placeCalls.merge(id, 1, Integer::sum);
        if (!e.kind().equals("duplicate")) h.orders.put(id, e.status());
      }
      return h;
    }

    /** Every fill the exchange made, once each (a status carries all fills of its order). */
    List<Fill> fills() {
      return orders.values().stream().flatMap(s -> s.fills().stream()).toList();
    }
  }
}
