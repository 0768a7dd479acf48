package io.dorado.cluster.venues;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.strategy.scan.TwinVenues;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.venue.VenueInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node's venue accounts, checked ({@link VenueAdapters#accounts}), in order: the bots' venues first. Makes
 * each account's adapter, says which modes each serves (bots asking another are refused at creation) and
 * which must report instrument rules before the guardian signs their orders.
 */
public final class VenueAccounts {
  private final Map<String, VenueAccount> accounts;
  private final VenueAdapters kinds;
  private final Function<String, VenueAdapter> override;
  /** Universe symbol → its market's calendar: the paper venue expires DAY orders at its close. */
  private Map<String, io.dorado.protocol.market.TradingCalendar> calendars = Map.of();

  VenueAccounts(Map<String, VenueAccount> accounts, VenueAdapters kinds) {
    this(accounts, kinds, null);
  }

  private VenueAccounts(Map<String, VenueAccount> accounts, VenueAdapters kinds, Function<String, VenueAdapter> override) {
    this.accounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    this.kinds = kinds;
    this.override = override;
  }

  /** The same accounts, their adapters made by {@code adapters} instead of their kinds (tests, benchmarks). */
  public VenueAccounts withAdapters(Function<String, VenueAdapter> adapters) {
    return new VenueAccounts(accounts, kinds, adapters);
  }

  /** The calendars of the universes' symbols, for the paper venues' DAY orders. */
  VenueAccounts withCalendars(Map<String, io.dorado.protocol.market.TradingCalendar> calendars) {
    this.calendars = Map.copyOf(calendars);
    return this;
  }

  public List<String> ids() {
    return List.copyOf(accounts.keySet());
  }

  public Optional<VenueAccount> account(String id) {
    return Optional.ofNullable(accounts.get(id));
  }

  public List<VenueAccount> all() {
    return List.copyOf(accounts.values());
  }

  /** Venue id → the modes its bots may ask for. */
  public Map<String, Set<VenueMode>> servedModes() {
    return accounts.values().stream().collect(Collectors.toMap(VenueAccount::id, VenueAccount::servedModes));
  }

  /** Where each bot's paper twin trades: its own venue if that serves paper, else the paper venue ({@link TwinVenues}). */
  public TwinVenues twinVenues() {
    return TwinVenues.of(servedModes(), TwinVenues.PAPER_VENUE);
  }

  /** The venues that serve paper: a paper twin may trade any instrument there (the guardian's venue check). */
  public Set<String> paperVenues() {
    return accounts.values().stream().filter(a -> a.servedModes().contains(VenueMode.PAPER))
        .map(VenueAccount::id).collect(Collectors.toUnmodifiableSet());
  }

  /** The kinds whose adapters quote option chains ({@code VenueAdapter.optionChain}): Interactive Brokers. */
  public static final Set<String> CHAIN_KINDS = Set.of("ibkr");

  /** The venues whose bots take their option chains from the venue (the scanner asks them); others' are synthetic. */
  public Set<String> chainVenues() {
    return accounts.values().stream().filter(a -> CHAIN_KINDS.contains(a.kind()))
        .map(VenueAccount::id).collect(Collectors.toUnmodifiableSet());
  }

  /** The venues whose orders the guardian signs only once their instrument rules are known. */
  public Set<String> rulesRequired() {
    return accounts.values().stream()
        .filter(a -> kinds.kind(a.kind()).map(VenueKind::needsInstrumentRules).orElse(false))
        .map(VenueAccount::id).collect(Collectors.toUnmodifiableSet());
  }

  /** A new adapter for the account (its venue entity is starting), as configured: never another mode's. */
  public VenueAdapter adapter(String id) {
    if (override != null) return override.apply(id);
    VenueAccount account = accounts.get(id);
    if (account == null) throw new IllegalArgumentException("venue " + id + " is not one of this node's " + ids());
    VenueAdapter adapter = kinds.kind(account.kind()).orElseThrow().factory().create(account);
    if (adapter instanceof io.dorado.actors.orderpath.venue.PaperVenue paper) {
      paper.calendars(symbol -> Optional.ofNullable(calendars.get(symbol)));
    }
    return adapter;
  }

  /** What the configuration says, with the connection unknown: the answer for a venue that did not reply. */
  public VenueInfo configured(String id, VenueInfo.Connection connection) {
    VenueAccount a = accounts.get(id);
    return new VenueInfo(id, a.kind(), a.mode(), a.account(), false, connection);
  }

  /** One line per account for the start-up banner and log; never a credential. */
  public static String describe(VenueInfo i) {
    return "venue " + i.venue() + ": kind " + i.kind() + ", mode " + i.mode().configName() + ", account " + i.account()
        + ", " + i.connection().name().toLowerCase(java.util.Locale.ROOT);
  }
}
