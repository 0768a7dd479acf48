package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * An adapter that hands every call to another one: extend it to watch or change some calls (count
 * sends, record fills, inject faults) and leave the rest to the venue behind.
 */
public abstract class ForwardingVenueAdapter implements VenueAdapter {
  protected final VenueAdapter delegate;

  protected ForwardingVenueAdapter(VenueAdapter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    return delegate.place(order);
  }

  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
    return delegate.cancel(clientOrderId, reason);
  }

  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
    return delegate.query(clientOrderId);
  }

  @Override
  public void connect(Consumer<OrderReport> listener) {
    delegate.connect(listener);
  }

  @Override
  public VenueInfo info() {
    return delegate.info();
  }

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return delegate.capabilities(symbol);
  }

  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    return delegate.instruments();
  }

  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    return delegate.openOrders();
  }

  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    return delegate.executionsSince(cursor);
  }

  @Override
  public CompletionStage<AccountSnapshot> account() {
    return delegate.account();
  }

  @Override
  public CompletionStage<io.dorado.protocol.venue.VenueOptionChain> optionChain(Venue.GetOptionChain request) {
    return delegate.optionChain(request);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void onMarketPrice(Venue.MarketPrice price) {
    delegate.onMarketPrice(price);
  }

  @Override
  public void onOptionInputs(Venue.OptionInputs inputs) {
    delegate.onOptionInputs(inputs);
  }

  @Override
  public void positionsWritten(java.util.Map<String, java.math.BigDecimal> positions, java.util.Set<String> fillIds) {
    delegate.positionsWritten(positions, fillIds);
  }
}
