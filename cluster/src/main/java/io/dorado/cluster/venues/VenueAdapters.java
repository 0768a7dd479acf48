package io.dorado.cluster.venues;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.strategy.scan.TwinVenues;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of venue kinds (kind → {@link VenueKind}: modes, needs, factory) and the reading of the venue
 * accounts from {@code dorado.venues.accounts.<venue-id>} (fleet/CONFIG.md, "Venues"). A venue id no one
 * configured is our paper venue, as before: the default run needs no venue configuration.
 *
 * <p>Every configured account is checked when the node starts, before anything runs: a missing or unknown kind,
 * a mode its kind cannot serve, live without {@code dorado.venues.live-trading-enabled}, or missing credentials
 * stop the start with a {@link ConfigException} naming the file, line, venue and key (the run command prints it,
 * exit 2). Credentials come from environment variables or secret files only, never from the config text.
 */
public final class VenueAdapters {
  public static final String PAPER = "paper";
  public static final String ACCOUNTS = "dorado.venues.accounts";

  private final Map<String, VenueKind> kinds;

  private VenueAdapters(Map<String, VenueKind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /** No kinds at all: register yours (tests). */
  public static VenueAdapters empty() {
    return new VenueAdapters(Map.of());
  }

  /**
   * The kinds this build ships: {@code paper} (our simulator, {@code dorado.venue.paper} settings), {@code binance}
   * (spot: broker_paper on its testnet, live), {@code kraken} (spot: live), {@code alpaca} (broker_paper on its paper
   * endpoint, live), {@code oanda} (FX: broker_paper on fxPractice, live on fxTrade) and {@code ibkr} (a paper or live
   * account through the Client Portal gateway) ({@link RealVenueKinds}).
   */
  public static VenueAdapters standard(Config config) {
    return empty()
        .register(new VenueKind(PAPER, Set.of(VenueMode.PAPER), false, false, account -> PaperVenue.fromConfig(config)))
        .register(RealVenueKinds.binance())
        .register(RealVenueKinds.kraken())
        .register(RealVenueKinds.alpaca())
        .register(RealVenueKinds.oanda())
        .register(RealVenueKinds.ibkr());
  }

  public VenueAdapters register(VenueKind kind) {
    var next = new LinkedHashMap<>(kinds);
    next.put(kind.name(), kind);
    return new VenueAdapters(next);
  }

  public Optional<VenueKind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public Set<String> kindNames() {
    return new java.util.TreeSet<>(kinds.keySet());
  }

  /**
   * The accounts of {@code venueIds} (each configured one, or the paper default) and of every other configured
   * account, checked; with a real account among them, also the paper venue {@value TwinVenues#PAPER_VENUE}, where
   * the real account's bots' paper twins trade. {@code env}: environment variables by name (System::getenv).
   *
   * @throws ConfigException naming the venue and the key that is missing or wrong
   */
  public VenueAccounts accounts(Config config, List<String> venueIds, List<Universe> universes, boolean liveTradingEnabled,
      Function<String, String> env) {
    Config accounts = config.hasPath(ACCOUNTS) ? config.getConfig(ACCOUNTS) : null;
    var ids = new LinkedHashSet<>(venueIds);
    if (accounts != null) ids.addAll(accounts.root().keySet());
    var out = new LinkedHashMap<String, VenueAccount>();
    for (String id : ids) {
      VenueAccount account = accounts != null && accounts.root().containsKey(id)
          ? read(config, id, symbolsOf(universes, id), liveTradingEnabled, env)
          : VenueAccount.paper(id);
      out.put(id, account);
    }
    // The paper twins of bots on a real account trade on the paper venue (TwinVenues), so the node runs it beside them.
    if (!out.containsKey(TwinVenues.PAPER_VENUE)
        && out.values().stream().anyMatch(a -> !a.servedModes().contains(VenueMode.PAPER))) {
      out.put(TwinVenues.PAPER_VENUE, VenueAccount.paper(TwinVenues.PAPER_VENUE));
    }
    var calendars = new LinkedHashMap<String, io.dorado.protocol.market.TradingCalendar>();
    universes.forEach(u -> u.underlyings().forEach(x -> calendars.putIfAbsent(x.symbol(), x.tradingCalendar())));
    return new VenueAccounts(out, this).withCalendars(calendars);
  }

  private VenueAccount read(Config config, String id, Map<String, String> universeSymbols, boolean liveTradingEnabled,
      Function<String, String> env) {
    String at = ACCOUNTS + "." + quoted(id);
    ConfigValue value = config.getValue(at);
    if (!(value instanceof com.typesafe.config.ConfigObject)) {
      throw new ConfigException.WrongType(value.origin(), at, "an object { kind, mode, ... }", value.valueType().name());
    }
    Config c = config.getConfig(at);
    ConfigOrigin origin = value.origin();
    String kindName = required(c, origin, at, "kind", "the adapter: one of " + kindNames());
    VenueKind kind = kind(kindName).orElseThrow(() -> bad(c, origin, at, "kind",
        "venue " + id + ": unknown kind '" + kindName + "' (known: " + kindNames() + ")"));
    String modeName = required(c, origin, at, "mode", "paper, broker_paper or live");
    VenueMode mode = VenueMode.fromConfigName(modeName).orElseThrow(() -> bad(c, origin, at, "mode",
        "venue " + id + ": unknown mode '" + modeName + "' (paper, broker_paper or live)"));
    if (!kind.modes().contains(mode)) {
      throw bad(c, origin, at, "mode", "venue " + id + ": a " + kind.name() + " account cannot serve " + mode.configName()
          + " (it serves " + kind.modes().stream().map(VenueMode::configName).sorted().toList() + ")");
    }
    if (mode.isLiveMoney() && !liveTradingEnabled) {
      throw bad(c, origin, at, "mode", "venue " + id + ": mode live trades real money and needs"
          + " dorado.venues.live-trading-enabled = true (env DORADO_LIVE_TRADING_ENABLED=true)");
    }
    VenueCredentials credentials = null;
    if (kind.needsCredentials() || c.hasPath("credentials")) {
      credentials = credentials(c, origin, at, id, env);
    }
    var symbols = new LinkedHashMap<String, String>();
    if (c.hasPath("symbols")) {
      for (var e : c.getConfig("symbols").root().entrySet()) {
        symbols.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    symbols.putAll(universeSymbols); // the universe's venue_symbol wins: it is where the issue puts the mapping
    return new VenueAccount(id, kind.name(), mode, optional(c, "account"), optional(c, "rest-url"),
        optional(c, "stream-url"), credentials, symbols, c);
  }

  /** Each secret from {@code <name>-env} (an environment variable) or {@code <name>-file} (a file's content). */
  private static VenueCredentials credentials(Config c, ConfigOrigin origin, String at, String id,
      Function<String, String> env) {
    if (!c.hasPath("credentials")) {
      throw bad(c, origin, at, "credentials", "venue " + id + ": missing credentials { api-key-env | api-key-file,"
          + " secret-env | secret-file }");
    }
    Config k = c.getConfig("credentials");
    String base = at + ".credentials";
    return VenueCredentials.of(secret(k, origin, base, "api-key", id, env), secret(k, origin, base, "secret", id, env));
  }

  private static String secret(Config k, ConfigOrigin origin, String base, String name, String id,
      Function<String, String> env) {
    if (k.hasPath(name)) {
      throw bad(k, origin, base, name, "venue " + id + ": a secret is never written in the config; use " + name
          + "-env (an environment variable) or " + name + "-file (a secret file)");
    }
    if (k.hasPath(name + "-env")) {
      String variable = k.getString(name + "-env");
      String v = env.apply(variable);
      if (v == null || v.isBlank()) {
        throw bad(k, origin, base, name + "-env", "venue " + id + ": environment variable " + variable + " is not set");
      }
      return v;
    }
    if (k.hasPath(name + "-file")) {
      Path file = Path.of(k.getString(name + "-file"));
      try {
        String v = Files.readString(file).trim();
        if (v.isEmpty()) throw bad(k, origin, base, name + "-file", "venue " + id + ": secret file " + file + " is empty");
        return v;
      } catch (IOException e) {
        throw bad(k, origin, base, name + "-file", "venue " + id + ": secret file " + file + " cannot be read ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    throw bad(k, origin, base, name + "-env", "venue " + id + ": missing " + name + "-env or " + name + "-file");
  }

  /** Universe symbol → venue symbol, for the underlyings that trade on {@code venueId} under another name. */
  static Map<String, String> symbolsOf(List<Universe> universes, String venueId) {
    var out = new LinkedHashMap<String, String>();
    for (Universe u : universes) {
      for (Underlying x : u.underlyings()) {
        if (x.venue().equals(venueId) && !x.venueSymbol().equals(x.symbol())) out.put(x.symbol(), x.venueSymbol());
      }
    }
    return out;
  }

  private static String required(Config c, ConfigOrigin origin, String at, String key, String what) {
    if (!c.hasPath(key) || c.getString(key).isBlank()) {
      throw new ConfigException.BadValue(origin, at + "." + key, "missing: " + what);
    }
    return c.getString(key).trim();
  }

  private static String optional(Config c, String key) {
    return c.hasPath(key) && !c.getString(key).isBlank() ? c.getString(key).trim() : null;
  }

  private static ConfigException bad(Config c, ConfigOrigin fallback, String at, String key, String message) {
    ConfigOrigin origin = c.hasPath(key) ? c.getValue(key).origin() : fallback;
    return new ConfigException.BadValue(origin, at + "." + key, message);
  }

  private static String quoted(String id) {
    return id.matches("[A-Za-z0-9_-]+") ? id : "\"" + id + "\"";
  }
}
