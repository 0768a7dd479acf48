package io.dorado.fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No setting is silently ignored (issue 23). Every key of every bundled YAML (the demo as shipped, and with its
 * real-venue lines uncommented) is matched to the record component it binds to, the way the loader binds it; then the
 * compiled main code of every module is searched for a call of that component's accessor from outside its own record
 * and outside the loader's package ({@code io.dorado.fleet.config}, which only binds and checks). A key whose component
 * no code reads fails the test, named {@code file:line: path}.
 *
 * <p>Two kinds of reader are declared here rather than found: a component the loader hands on to another record
 * ({@link #FORWARDED}, e.g. a bot's {@code timeout_hours} becomes {@code BotConfig.approvalTimeout}: that one's
 * readers count), and a component read inside its own record by a method others call ({@link #READ_IN_ITS_RECORD}:
 * that method's callers count). Both are checked, never taken on trust.
 */
class ConfigKeyUsageTest {
  private static final String CONFIG_PACKAGE = "io.dorado.fleet.config.";
  private static final ObjectMapper YAML = YAMLMapper.builder().addModule(new JavaTimeModule()).build();

  /** The loader's own shapes, whose values it hands on: component → the component that carries the value on. */
  private static final Map<String, String> FORWARDED = Map.ofEntries(
      Map.entry("BotSpec.id", "io.dorado.protocol.bot.BotConfig.id"),
      Map.entry("BotSpec.universe", "io.dorado.protocol.bot.BotConfig.universe"),
      Map.entry("BotSpec.underlying", "io.dorado.protocol.bot.BotConfig.underlying"),
      Map.entry("BotSpec.venue", "io.dorado.protocol.bot.BotConfig.venue"),
      Map.entry("BotSpec.venueMode", "io.dorado.protocol.bot.BotConfig.venueMode"),
      Map.entry("BotSpec.strategyTemplate", "io.dorado.protocol.bot.BotConfig.strategyTemplate"),
      Map.entry("BotSpec.signalMode", "io.dorado.protocol.bot.BotConfig.signalMode"),
      Map.entry("BotSpec.approvalMode", "io.dorado.protocol.bot.BotConfig.approvalMode"),
      Map.entry("BotSpec.sizing", "io.dorado.protocol.bot.BotConfig.sizing"),
      Map.entry("BotSpec.regimeFilter", "io.dorado.protocol.bot.BotConfig.regimeFilter"),
      Map.entry("BotSpec.timeoutHours", "io.dorado.protocol.bot.BotConfig.approvalTimeout"),
      Map.entry("BotSpec.signalSource", "io.dorado.protocol.bot.BotConfig.signalSource"),
      Map.entry("Files$UniverseFile.universe", CONFIG_PACKAGE + "FleetConfig.universe"),
      Map.entry("Files$UniverseSpec.id", "io.dorado.protocol.market.Universe.id"),
      Map.entry("Files$UniverseSpec.underlyings", "io.dorado.protocol.market.Universe.underlyings"),
      Map.entry("Files$UniverseSpec.dataConfig", CONFIG_PACKAGE + "FleetConfig.dataConfig"),
      Map.entry("Files$BotsFile.bots", CONFIG_PACKAGE + "FleetConfig.bots"),
      Map.entry("Files$RiskPolicyFile.riskPolicy", CONFIG_PACKAGE + "FleetConfig.riskPolicy"),
      Map.entry("Files$ScoringFile.scoring", CONFIG_PACKAGE + "FleetConfig.scoring"),
      Map.entry("Files$LadderFile.ladder", CONFIG_PACKAGE + "FleetConfig.ladder"),
      Map.entry("templates", CONFIG_PACKAGE + "FleetConfig.templates"));

  /** Components read inside their own record by a method others call: component → that method. */
  private static final Map<String, String> READ_IN_ITS_RECORD = Map.of(
      "io.dorado.protocol.strategy.StrategyTemplate.timeframe", "barLength",
      "io.dorado.protocol.strategy.StrategyTemplate.regimeOverrides", "forRegime");

  /** Read by the loader's cross-file checks, which is their use: component → the check. */
  private static final Map<String, String> LOADER_CHECKS = Map.of(
      "io.dorado.protocol.strategy.StrategyTemplate.underlyingClass",
      "a bot's template must trade its underlying's asset class",
      "io.dorado.protocol.strategy.StrategyTemplate$ExitRule.action",
      "an exit's action must be one the position manager does (close_full); close_tested_side is refused");

  /** The type each bundled file binds to (templates.yaml's one block is bound by hand: its map of templates). */
  private static final Map<String, JavaType> FILES = new LinkedHashMap<>();

  static {
    var tf = YAML.getTypeFactory();
    FILES.put(FleetConfigLoader.UNIVERSE, tf.constructType(io.dorado.fleet.config.Files.UniverseFile.class));
    FILES.put(FleetConfigLoader.TEMPLATES, null);
    FILES.put(FleetConfigLoader.BOTS, tf.constructType(io.dorado.fleet.config.Files.BotsFile.class));
    FILES.put(FleetConfigLoader.RISK_POLICY, tf.constructType(io.dorado.fleet.config.Files.RiskPolicyFile.class));
    FILES.put(FleetConfigLoader.SCORING, tf.constructType(io.dorado.fleet.config.Files.ScoringFile.class));
    FILES.put(FleetConfigLoader.LADDER, tf.constructType(io.dorado.fleet.config.Files.LadderFile.class));
  }

  /** One key in a file and the component it binds to ({@code owner} a class name, {@code component} its accessor). */
  record Key(String file, int line, String path, String owner, String component, boolean oneChoice) {
    String member() {
      return owner + "." + component;
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + path;
    }
  }

  @Test
  void everyKeyOfEveryBundledYamlIsReadByTheCodeNotOnlyBound() throws IOException {
    Map<String, String> shipped = bundled();
    Map<String, String> realVenues = new HashMap<>(shipped);
    realVenues.replaceAll((name, text) -> text.replace("\n#~ ", "\n"));
    FleetConfigLoader.load(name -> Optional.ofNullable(shipped.get(name))); // both load: the keys bind as the loader binds
    FleetConfigLoader.load(name -> Optional.ofNullable(realVenues.get(name)));

    var keys = new ArrayList<Key>();
    for (var files : List.of(shipped, realVenues)) {
      for (var f : FILES.entrySet()) keys.addAll(keysOf(f.getKey(), files.get(f.getKey()), f.getValue()));
    }
    Code readers = accessorReaders();
    assertTrue(readers.byClass().size() > 1000, "the main classes of every module were scanned: " + readers.byClass().size());

    var unread = new TreeSet<String>();
    var members = new TreeSet<String>();
    for (Key k : keys) {
      members.add(k.member());
      String member = forwarded(k.member());
      if (LOADER_CHECKS.containsKey(member) && readers.byClass().getOrDefault(member, Set.of())
          .contains(CONFIG_PACKAGE + "FleetConfigLoader")) {
        continue;
      }
      if (k.oneChoice()) continue; // an enum of one value: any other is refused at load, so nothing is hidden
      if (!isRead(member, readers)) {
        unread.add(k + ": bound to " + k.member() + (member.equals(k.member()) ? "" : " → " + member)
            + ", which no code outside its record and the loader reads");
      }
    }
    System.out.printf("config keys: %d keys in %d bundled files (shipped and with the real-venue lines), %d distinct"
        + " fields, %d read by nothing%n", keys.size(), FILES.size(), members.size(), unread.size());
    assertTrue(unread.isEmpty(), "keys read by nothing:\n" + String.join("\n", unread));
  }

  @Test
  void theDeclaredReadersAreRealAccessorsAndMethods() throws IOException {
    Code readers = accessorReaders();
    for (String target : FORWARDED.values()) {
      assertTrue(readers.byClass().containsKey(target), target + " is called somewhere (a real accessor)");
    }
    READ_IN_ITS_RECORD.forEach((component, method) -> {
      String owner = component.substring(0, component.lastIndexOf('.'));
      assertTrue(isRead(owner + "." + method, readers), owner + "." + method + "() is called from outside " + owner);
    });
  }

  // ---------------------------------------------------------------- the keys of a file and what they bind to

  private static Map<String, String> bundled() {
    var files = new LinkedHashMap<String, String>();
    for (String name : FILES.keySet()) {
      try (InputStream in = ConfigKeyUsageTest.class.getClassLoader().getResourceAsStream(FleetConfigLoader.DEMO + name)) {
        assertTrue(in != null, "bundled " + name);
        files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static List<Key> keysOf(String file, String text, JavaType type) throws IOException {
    JsonNode tree = YAML.readTree(text);
    YamlLines lines = YamlLines.index(text);
    var out = new ArrayList<Key>();
    if (type == null) { // templates.yaml: templates → id → template
      out.add(new Key(file, lines.lineOf(FieldPath.of("templates")), "templates", "", "templates", false));
      walk(file, lines, tree.get("templates"), YAML.getTypeFactory().constructMapType(Map.class, String.class,
          StrategyTemplate.class), FieldPath.of("templates"), out);
    } else {
      walk(file, lines, tree, type, FieldPath.ROOT, out);
    }
    return out;
  }

  /** Every key under {@code node} read as {@code type}, with its component; map keys are data (ids, symbols), not keys. */
  private static void walk(String file, YamlLines lines, JsonNode node, JavaType type, FieldPath at, List<Key> out) {
    if (node == null || node.isNull()) return;
    if (type.isCollectionLikeType() || type.isArrayType()) {
      for (int i = 0; node.isArray() && i < node.size(); i++) walk(file, lines, node.get(i), type.getContentType(), at.then(i), out);
      return;
    }
    if (type.isMapLikeType()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); node.isObject() && it.hasNext(); ) {
        var e = it.next();
        walk(file, lines, e.getValue(), type.getContentType(), at.then(e.getKey()), out);
      }
      return;
    }
    Class<?> raw = type.getRawClass();
    if (!node.isObject() || !raw.isRecord()) return;
    var props = new TreeMap<String, BeanPropertyDefinition>();
    for (BeanPropertyDefinition p : YAML.getDeserializationConfig().introspect(type).findProperties()) {
      props.put(p.getName(), p);
      for (var alias : p.findAliases()) props.put(alias.getSimpleName(), p);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      FieldPath path = at.then(e.getKey());
      BeanPropertyDefinition p = props.get(e.getKey());
      assertTrue(p != null, file + ":" + lines.lineOf(path) + ": " + path + " binds to nothing in " + raw.getName());
      Class<?> valueType = p.getPrimaryType().getRawClass();
      boolean oneChoice = valueType.isEnum() && valueType.getEnumConstants().length == 1;
      out.add(new Key(file, lines.lineOf(path), path.toString(), raw.getName(), p.getInternalName(), oneChoice));
      walk(file, lines, e.getValue(), p.getPrimaryType(), path, out);
    }
  }

  // ---------------------------------------------------------------- who reads a component

  private static String forwarded(String member) {
    String local = member.startsWith(CONFIG_PACKAGE) ? member.substring(CONFIG_PACKAGE.length()) : member;
    if (member.equals(".templates")) local = "templates";
    return FORWARDED.getOrDefault(local, member);
  }

  /** What the main classes reference: by class, and (inside each class) by method. */
  record Code(Map<String, Set<String>> byClass, Map<String, Set<String>> byMethod) {}

  private static boolean isRead(String member, Code code) {
    return isRead(member, code, 0);
  }

  /**
   * Read when a class outside the member's own record (its top-level class) and outside the loader's package refers to
   * it (a call, a method reference, a field read); or when a method of the record itself reads it (not its accessor, a
   * constructor, equals/hashCode/toString) and that method is read in turn.
   */
  private static boolean isRead(String member, Code code, int depth) {
    if (depth > 4) return false;
    String owner = member.substring(0, member.lastIndexOf('.'));
    String name = member.substring(member.lastIndexOf('.') + 1);
    String inRecord = READ_IN_ITS_RECORD.get(member);
    if (inRecord != null && isRead(owner + "." + inRecord, code, depth + 1)) return true;
    String top = topLevel(owner);
    if (code.byClass().getOrDefault(member, Set.of()).stream().anyMatch(k -> !topLevel(k).equals(top) && !inLoader(k))) {
      return true;
    }
    for (String reader : code.byMethod().getOrDefault(member, Set.of())) {
      String readerClass = reader.substring(0, reader.lastIndexOf('.'));
      String method = reader.substring(reader.lastIndexOf('.') + 1);
      if (!topLevel(readerClass).equals(top) || method.equals(name) || Set.of("<init>", "<clinit>", "equals", "hashCode",
          "toString").contains(method)) {
        continue;
      }
      if (isRead(reader, code, depth + 1)) return true;
    }
    return false;
  }

  private static boolean inLoader(String className) {
    return className.startsWith(CONFIG_PACKAGE) && className.indexOf('.', CONFIG_PACKAGE.length()) < 0;
  }

  private static String topLevel(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /**
   * What the main classes of the project's modules refer to (on the test's class path: their target/classes folders,
   * or their jars): "owner.name" of every method and field → the classes that refer to it (constant pool: calls,
   * method references, field reads), and → the methods whose code reads it (getfield, invoke*; a lambda counts as the
   * method it is written in).
   */
  static Code accessorReaders() throws IOException {
    var code = new Code(new HashMap<>(), new HashMap<>());
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p) && !p.endsWith("test-classes") && Files.isDirectory(p.resolve("io/dorado"))) {
        try (Stream<Path> classes = Files.walk(p.resolve("io/dorado"))) {
          for (Path c : classes.filter(x -> x.toString().endsWith(".class")).toList()) {
            try (InputStream in = Files.newInputStream(c)) {
              scan(in, code);
            }
          }
        }
      } else if (entry.endsWith(".jar") && p.getFileName().toString().startsWith("dorado-")) {
        try (JarFile jar = new JarFile(entry)) {
          for (var e : java.util.Collections.list(jar.entries())) {
            if (e.getName().startsWith("io/dorado/") && e.getName().endsWith(".class")) {
              try (InputStream in = jar.getInputStream(e)) {
                scan(in, code);
              }
            }
          }
        }
      }
    }
    return code;
  }

  /** One class file (JVMS §4): its constant pool's method and field references, and what each method's code reads. */
  private static void scan(InputStream raw, Code code) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw));
    if (in.readInt() != 0xCAFEBABE) return;
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[][] refs = new int[count][];
    int[] tags = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
        case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> refs[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()};
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    String[] member = new String[count]; // Fieldref, Methodref, InterfaceMethodref → "owner.name"
    for (int i = 1; i < count; i++) {
      if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
        member[i] = utf8[refs[refs[i][0]][0]].replace('/', '.') + "." + utf8[refs[refs[i][1]][0]];
      }
    }
    in.readUnsignedShort(); // access flags
    String self = utf8[refs[in.readUnsignedShort()][0]].replace('/', '.');
    for (String m : member) if (m != null) code.byClass().computeIfAbsent(m, k -> new TreeSet<>()).add(self);
    in.readUnsignedShort(); // super
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipBytes(6);
      skipAttributes(in);
    }
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.readUnsignedShort();
      String name = utf8[in.readUnsignedShort()];
      in.readUnsignedShort();
      if (name.startsWith("lambda$")) name = name.substring(7, name.indexOf('$', 7) < 0 ? name.length() : name.indexOf('$', 7));
      String reader = self + "." + name;
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        byte[] body = in.readNBytes(length);
        if (attribute.equals("Code")) {
          for (int index : references(body)) {
            if (member[index] != null) code.byMethod().computeIfAbsent(member[index], k -> new TreeSet<>()).add(reader);
          }
        }
      }
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipBytes(in.readInt());
    }
  }

  /** The constant pool indexes a Code attribute's instructions read or call (getfield/getstatic, invoke*). */
  private static List<Integer> references(byte[] attribute) {
    int length = ((attribute[4] & 0xff) << 24) | ((attribute[5] & 0xff) << 16) | ((attribute[6] & 0xff) << 8) | (attribute[7] & 0xff);
    int base = 8;
    var out = new ArrayList<Integer>();
    int pc = 0;
    while (pc < length) {
      int op = attribute[base + pc] & 0xff;
      if (op == 0xb2 || op == 0xb4 || (op >= 0xb6 && op <= 0xb9)) {
        out.add(((attribute[base + pc + 1] & 0xff) << 8) | (attribute[base + pc + 2] & 0xff));
      }
      pc += instructionLength(attribute, base, pc, op);
    }
    return out;
  }

  private static int instructionLength(byte[] a, int base, int pc, int op) {
    if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch: padded to 4 bytes from the code's start
      int at = pc + 1 + ((4 - (pc + 1) % 4) % 4);
      if (op == 0xaa) {
        int low = readInt(a, base + at + 4), high = readInt(a, base + at + 8);
        return at - pc + 12 + 4 * (high - low + 1);
      }
      return at - pc + 8 + 8 * readInt(a, base + at + 4);
    }
    if (op == 0xc4) return (a[base + pc + 1] & 0xff) == 0x84 ? 6 : 4; // wide
    if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a) || op == 0xa9 || op == 0xbc) {
      return 2;
    }
    if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa8) || (op >= 0xb2 && op <= 0xb8)
        || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1 || op == 0xc6 || op == 0xc7) {
      return 3;
    }
    if (op == 0xc5) return 4;
    if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) return 5;
    return 1;
  }

  private static int readInt(byte[] a, int at) {
    return ((a[at] & 0xff) << 24) | ((a[at + 1] & 0xff) << 16) | ((a[at + 2] & 0xff) << 8) | (a[at + 3] & 0xff);
  }

  @Test
  void theScanFindsAReaderOutsideTheRecordAndIgnoresTheLoader() throws IOException {
    Code readers = accessorReaders();
    // read by the candidate generator: counts
    assertTrue(isRead("io.dorado.protocol.strategy.StrategyTemplate$Entry.entryOffsetAtr", readers));
    // read only by the loader and by the fleet config's own tests: does not count
    assertEquals(false, isRead("io.dorado.protocol.strategy.StrategyTemplate$Leg.role", readers));
    // read inside its record by forRegime(), which the scan calls: counts
    assertTrue(isRead("io.dorado.protocol.strategy.StrategyTemplate.regimeOverrides", readers));
  }
}
