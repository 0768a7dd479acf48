package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AcknowledgedOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The exchange behind a venue account: the paper venue, recording what it was sent and every fill it
 * made. At each send it looks in the guardian's journal: an order without a written acknowledgement
 * equal to it is a violation (kept, so the run fails naming it).
 */
final class RecordingExchange extends ForwardingVenueAdapter {
  private final Supplier<Collection<AcknowledgedOrder>> journalled;
  private final Map<ClientOrderId, Integer> sends = new LinkedHashMap<>();
  private final Map<String, Fill> fills = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();

  RecordingExchange(PaperVenue paper, Supplier<Collection<AcknowledgedOrder>> journalled) {
    super(paper);
    this.journalled = journalled;
  }

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    synchronized (this) {
      sends.merge(order.clientOrderId(), 1, Integer::sum);
      if (journalled.get().stream().noneMatch(a -> a.order().equals(order))) {
        violations.add("sent " + order.clientOrderId() + " without a written acknowledgement of exactly this order");
      }
    }
    return super.place(order);
  }

  @Override
  public void connect(Consumer<OrderReport> listener) {
    super.connect(report -> {
      if (report instanceof OrderReport.Filled f) {
        synchronized (this) {
          fills.putIfAbsent(f.fill().fillId(), f.fill());
        }
      }
      listener.accept(report);
    });
  }

  synchronized Map<ClientOrderId, Integer> sends() {
    return Map.copyOf(sends);
  }

  synchronized List<Fill> fills() {
    return List.copyOf(fills.values());
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }
}
