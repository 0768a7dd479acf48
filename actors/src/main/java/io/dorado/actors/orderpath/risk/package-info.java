/**
 * The pure risk engine behind the RiskGuardian actor: no actors, no clocks, no I/O.
 *
 * <p>How the actor uses it (state = {@link io.dorado.actors.orderpath.risk.RiskBook}, created with
 * {@code RiskBook.open(policy, cash, at)}; engine = {@code new RiskEngine(policy, Instrument.Lookup.of(universe, policy))}):
 *
 * <ul>
 *   <li>ReviewTrade: {@code engine.review(proposal, book, budget)} &rarr; {@code Approved} (persist an
 *       approval event, fold {@code book.approved(proposal, quantity)}, reply TradeApproved) or
 *       {@code Rejected} (reply TradeDenied; nothing to persist).
 *   <li>AcknowledgeOrder: {@code engine.acknowledge(order, book, budget, now)} &rarr; {@code Allowed}
 *       (persist OrderAcknowledged, fold {@code book.acknowledged(order, at)}, forward to the venue),
 *       {@code AlreadyAcknowledged} (answer as before, persist nothing) or {@code Denied} (report
 *       OrderReport.Denied).
 *   <li>Every decision carries {@code impliedState()}: when non-null, persist the trading-state change
 *       first and fold {@code book.withTradingState(state, reason)}. On price updates call
 *       {@code engine.breakers(book, now)} for the same.
 *   <li>Fills: fold {@code book.filled(fill)} (deduplicated by fill id); cancels, rejects and
 *       expiries: {@code book.orderClosed(clientOrderId)}; prices: {@code book.marked(symbol, price, at)};
 *       kill switch: {@code book.killSwitchEngaged(reason)}; resume: {@code book.resumed(reason)}.
 *   <li>Each bot's own limits: {@link io.dorado.actors.orderpath.risk.ExecutionThrottle} on {@code GuardianState.throttles()}
 *       ({@link io.dorado.actors.orderpath.risk.BotThrottles}, folded from the same events) after the engine, for reviews and
 *       acknowledgements; a verdict with a pause is persisted as {@code BotPaused}, lifted only by {@code ResumeBot}.
 * </ul>
 *
 * <p>Every fold takes the event's own time, so replaying the journal rebuilds the same book.
 */
package io.dorado.actors.orderpath.risk;
