package io.dorado.fleet.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.fleet.config.Files.BotsFile;
import io.dorado.fleet.config.Files.RiskPolicyFile;
import io.dorado.fleet.config.Files.LadderFile;
import io.dorado.fleet.config.Files.ScoringFile;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.fleet.config.Files.UniverseFile;
import io.dorado.fleet.config.Files.UniverseSpec;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and validates the fleet's YAML configuration from one folder: {@code universe.yaml},
 * {@code templates.yaml}, {@code bots.yaml} (required), {@code risk-policy.yaml} and
 * {@code scoring.yaml} (optional: the PRD defaults apply). Every error is a {@link ConfigException}
 * naming the file, the line and the field.
 */
public final class FleetConfigLoader {
  public static final String UNIVERSE = "universe.yaml";
  public static final String TEMPLATES = "templates.yaml";
  public static final String BOTS = "bots.yaml";
  public static final String RISK_POLICY = "risk-policy.yaml";
  public static final String SCORING = "scoring.yaml";
  public static final String LADDER = "ladder.yaml";
  /** The classpath folder of the bundled demo configuration. */
  public static final String DEMO = "demo/";
  /** No bot may risk more than this % of equity in one trade, whatever its sizing says. */
  public static final BigDecimal MAX_RISK_PCT_PER_TRADE = io.dorado.actors.fleet.BotConfigValidator.MAX_RISK_PCT_PER_TRADE;

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();
  private static final Pattern LEADING_FIELD = Pattern.compile("^([a-z_][a-z0-9_]*(?:\\.[a-z0-9_]+)*)(?::\\s*|\\s+)(.*)$",
      Pattern.DOTALL);

  /**
   * Keys of universe.yaml the PRD names that nothing in the fleet reads (issue 23: no setting is silently ignored): a
   * file with one is refused at its line, with why and what to use instead.
   */
  static final Map<List<String>, String> NOT_READ = Map.of(
      List.of("universe", "data_config", "option_chains"), "is not read by anything, remove it: an option bot on an IBKR"
          + " account takes the venue's chain before each scan, every other bot a labelled synthetic (Black-Scholes) chain;"
          + " keeping the chains scans used is dorado.market-data.chains.enabled (HOCON)",
      List.of("universe", "data_config", "fetch_frequency"), "is not read by anything, remove it: each source sets its"
          + " own pace (a replay's speed, a live source's bar, an http source's poll interval)",
      List.of("universe", "data_config", "ohlcv"), "is not read by anything, remove it: every underlying's bars always"
          + " come from its source under data_config.sources");

  /**
   * Keys of a template (and of its regime overrides) that nothing in the fleet reads (issue 23), refused at their line:
   * path under the template → why and what to use instead.
   */
  static final Map<List<String>, String> TEMPLATE_NOT_READ = Map.of(
      List.of("legs"), "is not read by anything, remove it: an option structure's legs are the entry's short_put,"
          + " long_put, short_call and long_call rules",
      List.of("structure"), "is not read by anything, remove it: the scan builds an option structure's legs from the"
          + " entry's short_put, long_put, short_call and long_call rules (each names its side)",
      List.of("volatility_requirements", "term_structure"), "is not read by anything, remove it: the VIX futures"
          + " term structure is not fetched, so a contango limit could not be checked",
      List.of("management", "roll"), "is not read by anything, remove it: rolls are not built (a position is closed by"
          + " its exits)");

  /** Keys of risk-policy.yaml that nothing reads (issue 23), refused at their line: path → why. */
  static final Map<List<String>, String> RISK_POLICY_NOT_READ = Map.of(
      List.of("risk_policy", "sizing", "default_method"), "is not read by anything, remove it: every bot names its own"
          + " sizing (bots.yaml sizing.method)",
      List.of("risk_policy", "sizing", "base_risk_pct"), "is not read by anything, remove it: every bot names its own"
          + " sizing (bots.yaml sizing.risk_pct)");

  /** Exit actions a template may name: the ones the position manager does (every exit closes the whole position). */
  static final java.util.Set<StrategyTemplate.ExitAction> EXIT_ACTIONS = java.util.Set.of(StrategyTemplate.ExitAction.CLOSE_FULL);

  private FleetConfigLoader() {}

  /** Refuses a key of {@link #NOT_READ} present in the universe file, at its line. */
  private static void refuseNotRead(Doc universe) {
    refuseNotRead(universe, universe.tree, FieldPath.ROOT, NOT_READ);
  }

  /** Refuses a key of {@code notRead} (paths under {@code node}, which is at {@code at}) at its line. */
  private static void refuseNotRead(Doc doc, JsonNode under, FieldPath at, Map<List<String>, String> notRead) {
    notRead.forEach((path, why) -> {
      JsonNode node = under;
      for (String step : path) node = node == null || !node.isObject() ? null : node.get(step);
      if (node != null) throw doc.error(at.then(path.toArray()), why);
    });
  }

  /** Refuses an exit rule whose action the position manager does not do, at its line. */
  private static void checkExitActions(Doc doc, UnaryOperator<FieldPath> place, StrategyTemplate t) {
    if (t.management() == null) return;
    var rules = new LinkedHashMap<String, StrategyTemplate.ExitRule>();
    rules.put("breach_action", t.management().breachAction());
    rules.put("vol_exit", t.management().volExit());
    rules.put("hurst_exit", t.management().hurstExit());
    rules.forEach((name, rule) -> {
      if (rule != null && !EXIT_ACTIONS.contains(rule.action())) {
        throw doc.error(place.apply(FieldPath.of("management", name, "action")), "'"
            + rule.action().name().toLowerCase(java.util.Locale.ROOT) + "' is not done by the position manager: every"
            + " exit closes the whole position or structure (use close_full)");
      }
    });
  }

  /** Loads the configuration in {@code dir}. */
  public static FleetConfig load(Path dir) {
    return load(dir, null);
  }

  /**
   * Loads the configuration in {@code dir}, each bot's {@code venue_mode} checked against the modes its venue
   * account serves ({@code servedModes}: venue id → modes; null: unchecked), so a live bot on a paper venue is a
   * configuration error naming the file, line and field, never a bot silently trading on paper.
   */
  public static FleetConfig load(Path dir, Function<String, java.util.Set<VenueMode>> servedModes) {
    return load(name -> {
      Path file = dir.resolve(name);
      if (!java.nio.file.Files.exists(file)) return Optional.empty();
      try {
        return Optional.of(java.nio.file.Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ConfigException(file.toString(), 0, "", "cannot read: " + e.getMessage());
      }
    }, servedModes);
  }

  /** The bundled demo: three crypto/equity paper bots on real ta4j history, one iron condor on AAPL. */
  public static FleetConfig loadDemo() {
    return loadResources(DEMO);
  }

  /** The bundled demo, its bots' modes checked against {@code servedModes} (see {@link #load(Path, Function)}). */
  public static FleetConfig loadDemo(Function<String, java.util.Set<VenueMode>> servedModes) {
    return load(resources(DEMO), servedModes);
  }

  /** Loads the configuration files found on the classpath under {@code folder} (ending in '/'). */
  public static FleetConfig loadResources(String folder) {
    return load(resources(folder));
  }

  private static Function<String, Optional<String>> resources(String folder) {
    return (name -> {
      try (InputStream in = FleetConfigLoader.class.getClassLoader().getResourceAsStream(folder + name)) {
        return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static FleetConfig load(Function<String, Optional<String>> files) {
    return load(files, null);
  }

  static FleetConfig load(Function<String, Optional<String>> files, Function<String, java.util.Set<VenueMode>> servedModes) {
    Doc universeDoc = Doc.read(UNIVERSE, files.apply(UNIVERSE), true);
    refuseNotRead(universeDoc);
    UniverseSpec spec = universeDoc.bind(FieldPath.ROOT, UniverseFile.class).universe();
    if (spec == null) throw universeDoc.error(FieldPath.of("universe"), "is required");
    Universe universe = universeDoc.construct(FieldPath.of("universe"),
        () -> new Universe(spec.id(), spec.underlyings()));
    DataConfig data = spec.dataConfig() == null ? DataConfig.NONE : spec.dataConfig();
    for (String symbol : data.sources().keySet()) {
      if (!universe.contains(symbol)) {
        throw universeDoc.error(FieldPath.of("universe", "data_config", "sources", symbol),
            "no underlying " + symbol + " in universe " + universe.id() + " (it has: " + symbols(universe) + ")");
      }
    }

    Doc templatesDoc = Doc.read(TEMPLATES, files.apply(TEMPLATES), true);
    Map<String, StrategyTemplate> templates = templates(templatesDoc);

    Doc botsDoc = Doc.read(BOTS, files.apply(BOTS), true);
    BotsFile botsFile = botsDoc.bind(FieldPath.ROOT, BotsFile.class);
    if (botsFile.bots() == null) throw botsDoc.error(FieldPath.of("bots"), "is required (a list of bots)");
    var bots = new ArrayList<BotConfig>();
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < botsFile.bots().size(); i++) {
      BotSpec b = botsFile.bots().get(i);
      FieldPath at = FieldPath.of("bots", i);
      if (b == null) throw botsDoc.error(at, "is empty");
      BotConfig config = bot(botsDoc, at, b, universe, templates);
      if (servedModes != null) {
        java.util.Set<VenueMode> served = servedModes.apply(config.venue());
        if (!served.contains(config.venueMode())) {
          throw botsDoc.error(at.then("venue_mode"), "venue '" + config.venue() + "' cannot serve "
              + config.venueMode().configName() + " (it serves " + served.stream().map(VenueMode::configName).sorted()
              .toList() + "; see dorado.venues.accounts." + config.venue() + ".mode)");
        }
      }
      Integer before = seen.putIfAbsent(config.id(), i);
      if (before != null) throw botsDoc.error(at.then("id"), "duplicate bot id " + config.id() + " (also bots[" + before + "])");
      bots.add(config);
    }

    checkTimeframes(templatesDoc, templates, bots, data);

    RiskPolicy policy = RiskPolicy.DEFAULT;
    Optional<String> riskText = files.apply(RISK_POLICY);
    if (riskText.isPresent()) {
      Doc riskDoc = Doc.read(RISK_POLICY, riskText, false);
      refuseNotRead(riskDoc, riskDoc.tree, FieldPath.ROOT, RISK_POLICY_NOT_READ);
      RiskPolicy read = riskDoc.bind(FieldPath.ROOT, RiskPolicyFile.class).riskPolicy();
      policy = read == null ? RiskPolicy.DEFAULT : read;
    }
    ScoringWeights scoring = ScoringWeights.DEFAULT;
    Optional<String> scoringText = files.apply(SCORING);
    if (scoringText.isPresent()) {
      ScoringWeights read = Doc.read(SCORING, scoringText, false).bind(FieldPath.ROOT, ScoringFile.class).scoring();
      scoring = read == null ? ScoringWeights.DEFAULT : read;
    }
    LadderPolicy ladder = LadderPolicy.DEFAULT;
    Optional<String> ladderText = files.apply(LADDER);
    if (ladderText.isPresent()) {
      LadderPolicy read = Doc.read(LADDER, ladderText, false).bind(FieldPath.ROOT, LadderFile.class).ladder();
      ladder = read == null ? LadderPolicy.DEFAULT : read;
    }
    return new FleetConfig(universe, data, templates, bots, policy, scoring, ladder);
  }

  // ---- templates --------------------------------------------------------------------------------

  private static Map<String, StrategyTemplate> templates(Doc doc) {
    JsonNode all = doc.tree.get("templates");
    FieldPath root = FieldPath.of("templates");
    if (all == null || !all.isObject()) throw doc.error(root, "is required (a mapping of template id to template)");
    for (Iterator<String> it = doc.tree.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("templates")) throw doc.error(FieldPath.of(name), "unknown field (known: templates)");
    }
    var out = new LinkedHashMap<String, StrategyTemplate>();
    for (var e : iterable(all.fields())) {
      String id = e.getKey();
      FieldPath at = root.then(id);
      if (!e.getValue().isObject()) throw doc.error(at, "must be a mapping (a template)");
      ObjectNode base = ((ObjectNode) e.getValue()).deepCopy();
      JsonNode overrides = base.remove("regime_overrides");
      refuseNotRead(doc, base, at, TEMPLATE_NOT_READ);
      StrategyTemplate template = doc.bind(base, rel -> at.then(rel), StrategyTemplate.class);
      checkExitActions(doc, rel -> at.then(rel), template);
      checkLabels(doc, at.then("regime_requirements", "allowed_regimes"), template.regimeRequirements().allowedRegimes());

      var resolved = new LinkedHashMap<String, StrategyTemplate>();
      if (overrides != null && !overrides.isNull()) {
        FieldPath oat = at.then("regime_overrides");
        if (!overrides.isObject()) throw doc.error(oat, "must be a mapping of regime to overrides");
        for (var o : iterable(overrides.fields())) {
          FieldPath rat = oat.then(o.getKey());
          if (!MacroRegime.LABELS.contains(o.getKey())) {
            throw doc.error(rat, "unknown regime '" + o.getKey() + "' (known: " + String.join(", ", MacroRegime.LABELS) + ")");
          }
          if (!o.getValue().isObject()) throw doc.error(rat, "must be a mapping (the fields that change in this regime)");
          refuseNotRead(doc, o.getValue(), rat, TEMPLATE_NOT_READ);
          ObjectNode merged = merge(base.deepCopy(), o.getValue());
          UnaryOperator<FieldPath> place = rel -> doc.lines.has(rat.then(rel)) ? rat.then(rel) : at.then(rel);
          StrategyTemplate t = doc.bind(merged, place, StrategyTemplate.class);
          checkExitActions(doc, place, t);
          checkLabels(doc, place.apply(FieldPath.of("regime_requirements", "allowed_regimes")),
              t.regimeRequirements().allowedRegimes());
          resolved.put(o.getKey(), t);
        }
      }
      out.put(id, new StrategyTemplate(template.name(), template.type(), template.underlyingClass(), template.legs(), template.structure(),
          template.regimeRequirements(), template.volatilityRequirements(), template.technicalRequirements(),
          template.entry(), template.management(), resolved, template.sizing(), template.codeHook(), template.timeframe()));
    }
    return out;
  }

  /**
   * A template's timeframe is built from its bots' underlying's source bars, so it must be a whole number of them (5m from
   * 1m bars, not 90s from 1m); a source whose bar length is not stated (a replay of daily bars) is not checked here.
   */
  private static void checkTimeframes(Doc doc, Map<String, StrategyTemplate> templates, List<BotConfig> bots, DataConfig data) {
    for (BotConfig b : bots) {
      StrategyTemplate t = templates.get(b.strategyTemplate());
      io.dorado.protocol.market.MarketDataSource source = data.sources().get(b.underlying());
      if (t == null || t.barLength() == null || source == null || source.bar() == null) continue;
      long tf = t.barLength().getSeconds();
      long bar = source.bar().getSeconds();
      if (tf < bar || tf % bar != 0) {
        throw doc.error(FieldPath.of("templates", b.strategyTemplate(), "timeframe"), "must be a whole multiple of the "
            + io.dorado.protocol.market.Timeframe.label(source.bar()) + " bars of " + b.underlying()
            + "'s source (bot " + b.id() + "), was " + t.timeframe());
      }
    }
  }

  /** Deep merge: mappings merge field by field, anything else (lists, scalars) replaces. */
  private static ObjectNode merge(ObjectNode target, JsonNode override) {
    for (var e : iterable(override.fields())) {
      JsonNode existing = target.get(e.getKey());
      if (existing != null && existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return target;
  }

  private static void checkLabels(Doc doc, FieldPath at, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (!MacroRegime.LABELS.contains(labels.get(i))) {
        throw doc.error(at.then(i), "unknown regime '" + labels.get(i) + "' (known: " + String.join(", ", MacroRegime.LABELS) + ")");
      }
    }
  }

  // ---- bots -------------------------------------------------------------------------------------

  private static BotConfig bot(Doc doc, FieldPath at, BotSpec b, Universe universe, Map<String, StrategyTemplate> templates) {
    if (b.universe() != null && !b.universe().equals(universe.id())) {
      throw doc.error(at.then("universe"), "unknown universe '" + b.universe() + "' (universe.yaml defines '" + universe.id() + "')");
    }
    if (b.underlying() == null) throw doc.error(at.then("underlying"), "is required");
    Underlying u = universe.find(b.underlying()).orElseThrow(() -> doc.error(at.then("underlying"),
        "unknown underlying '" + b.underlying() + "' (universe " + universe.id() + " has: " + symbols(universe) + ")"));
    if (b.strategyTemplate() == null) throw doc.error(at.then("strategy_template"), "is required");
    StrategyTemplate t = templates.get(b.strategyTemplate());
    if (t == null) {
      throw doc.error(at.then("strategy_template"), "unknown template '" + b.strategyTemplate()
          + "' (templates.yaml has: " + String.join(", ", new TreeSet<>(templates.keySet())) + ")");
    }
    if (t.underlyingClass() != u.assetClass()) {
      throw doc.error(at.then("strategy_template"), "template " + b.strategyTemplate() + " trades "
          + json(t.underlyingClass()) + " but " + u.symbol() + " is " + json(u.assetClass()));
    }
    if (b.venue() != null && !b.venue().equals(u.venue())) {
      throw doc.error(at.then("venue"), "venue '" + b.venue() + "' but " + u.symbol() + " trades on '" + u.venue() + "'");
    }
    if (b.sizing() != null && (b.sizing().method() == SizingMethod.FIXED_RISK_PCT
        || b.sizing().method() == SizingMethod.ADAPTIVE_RULES)) {
      BigDecimal pct = b.sizing().riskPct();
      if (pct.compareTo(MAX_RISK_PCT_PER_TRADE) > 0) {
        throw doc.error(at.then("sizing", "risk_pct"), "must be between 0 and " + MAX_RISK_PCT_PER_TRADE.toPlainString()
            + " (was " + pct.toPlainString() + ")");
      }
    }
    if (b.regimeFilter() != null) checkLabels(doc, at.then("regime_filter", "allowed"), b.regimeFilter().allowed());
    if (b.timeoutHours() != null && !(b.timeoutHours() > 0)) {
      throw doc.error(at.then("timeout_hours"), "must be > 0 (was " + b.timeoutHours() + ")");
    }
    BotConfig config = doc.construct(at, () -> b.toConfig(u.venue()));
    return new BotConfig(config.id(), universe.id(), config.underlying(), config.venue(), config.venueMode(),
        config.strategyTemplate(), config.signalMode(), config.approvalMode(), config.sizing(), config.regimeFilter(),
        config.approvalTimeout(), config.signalSource());
  }

  private static String symbols(Universe universe) {
    return String.join(", ", universe.underlyings().stream().map(Underlying::symbol).toList());
  }

  private static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }

  private static String json(Enum<?> e) {
    try {
      JsonProperty p = e.getDeclaringClass().getField(e.name()).getAnnotation(JsonProperty.class);
      return p == null ? e.name() : p.value();
    } catch (NoSuchFieldException x) {
      return e.name();
    }
  }

  // ---- one file ---------------------------------------------------------------------------------

  /** One parsed file: its text as a tree, and the line of every field. */
  private static final class Doc {
    final String file;
    final JsonNode tree;
    final YamlLines lines;

    private Doc(String file, JsonNode tree, YamlLines lines) {
      this.file = file;
      this.tree = tree;
      this.lines = lines;
    }

    static Doc read(String file, Optional<String> text, boolean required) {
      if (text.isEmpty()) throw new ConfigException(file, 0, "", required ? "file is missing" : "file is missing");
      try {
        JsonNode tree = YAML.readTree(text.get());
        if (tree == null || tree.isMissingNode() || tree.isNull()) throw new ConfigException(file, 1, "", "file is empty");
        if (!tree.isObject()) throw new ConfigException(file, 1, "", "must be a mapping at the top");
        return new Doc(file, tree, YamlLines.index(text.get()));
      } catch (JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        throw new ConfigException(file, line, "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    ConfigException error(FieldPath path, String problem) {
      return new ConfigException(file, lines.lineOf(path), path.toString(), problem);
    }

    <T> T bind(FieldPath at, Class<T> type) {
      return bind(tree, rel -> at.then(rel), type);
    }

    /** Binds {@code node}; {@code place} maps a path inside it to the path in the file. */
    <T> T bind(JsonNode node, UnaryOperator<FieldPath> place, Class<T> type) {
      var unknown = UnknownFields.find(YAML, node, YAML.constructType(type), FieldPath.ROOT);
      if (unknown.isPresent()) {
        FieldPath path = place.apply(unknown.get().path());
        throw new ConfigException(file, lines.lineOf(path), path.toString(),
            "unknown field (known: " + unknown.get().known() + ")");
      }
      try {
        return YAML.treeToValue(node, type);
      } catch (JsonMappingException e) {
        throw located(FieldPath.of(e.getPath()), place, e);
      } catch (JsonProcessingException e) {
        throw new ConfigException(file, 0, "", firstLine(e.getOriginalMessage()));
      }
    }

    /** Runs a record constructor, turning its IllegalArgumentException into an error at {@code at}. */
    <T> T construct(FieldPath at, java.util.function.Supplier<T> make) {
      try {
        return make.get();
      } catch (IllegalArgumentException e) {
        throw invalid(FieldPath.ROOT, rel -> at.then(rel), e.getMessage());
      }
    }

    private ConfigException located(FieldPath rel, UnaryOperator<FieldPath> place, JsonMappingException e) {
      if (e instanceof ValueInstantiationException v && v.getCause() != null) {
        return invalid(rel, place, v.getCause().getMessage());
      }
      FieldPath path = place.apply(rel);
      // A bad map key (an unknown enum name) is reported at the map: point at the key itself.
      if (e instanceof InvalidFormatException f && f.getValue() instanceof String key && lines.has(path.then(key))) {
        path = path.then(key);
      }
      return new ConfigException(file, lines.lineOf(path), path.toString(), problem(e));
    }

    /**
     * A record refused its values. Its message starts with the offending field relative to the record
     * (or to one of its parents, as {@code RiskPolicy} does): point at that field when the file has it.
     */
    private ConfigException invalid(FieldPath rel, UnaryOperator<FieldPath> place, String message) {
      String msg = message == null ? "invalid" : message;
      Matcher m = LEADING_FIELD.matcher(msg);
      if (m.matches()) {
        Object[] steps = m.group(1).split("\\.");
        for (FieldPath q = rel; ; q = q.parent()) {
          FieldPath candidate = place.apply(q.then(steps));
          if (lines.has(candidate)) {
            return new ConfigException(file, lines.lineOf(candidate), candidate.toString(), m.group(2));
          }
          if (q.isRoot()) break;
        }
      }
      FieldPath path = place.apply(rel);
      return new ConfigException(file, lines.lineOf(path), path.toString(), msg);
    }
  }

  private static String problem(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      var known = new TreeSet<String>();
      Collection<Object> ids = u.getKnownPropertyIds();
      if (ids != null) ids.forEach(id -> known.add(id.toString()));
      return "unknown field (known: " + String.join(", ", known) + ")";
    }
    if (e instanceof InvalidFormatException f) {
      return "must be " + expected(f.getTargetType()) + " (was '" + f.getValue() + "')";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "must be " + expected(m.getTargetType());
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String expected(Class<?> type) {
    if (type == null) return "something else";
    if (type.isEnum()) {
      var names = new ArrayList<String>();
      for (Object c : type.getEnumConstants()) names.add(json((Enum<?>) c));
      return "one of " + String.join(", ", names);
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) return "a number";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == String.class) return "text";
    if (type == Duration.class) return "a duration such as PT1H or P1D";
    if (Collection.class.isAssignableFrom(type)) return "a list";
    return "a mapping (" + type.getSimpleName() + ")";
  }

  private static String firstLine(String s) {
    if (s == null) return "invalid";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
