package io.dorado.protocol.testing;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Builds a sample instance of any protocol record: hand-made samples for domain values whose
 * constructors validate combinations, reflection (canonical constructor, sample per component) for
 * the rest. A record that reflection cannot build fails loudly, naming itself.
 */
public final class Samples {
  public static final Instant AT = Instant.parse("2026-01-02T03:04:05.123Z");

  private final ActorRef<?> ref;
  private final Map<Class<?>, Supplier<Object>> known = new HashMap<>();

  public Samples(ActorRef<?> anyRef) {
    this.ref = anyRef;
    known.put(ClientOrderId.class, () -> ClientOrderId.of("bot-1", 7));
    known.put(Order.class, () -> new Order(ClientOrderId.of("bot-1", 7), "paper", "BTC", Side.BUY, OrderType.LIMIT,
        new BigDecimal("0.125"), new BigDecimal("42000.50"), null, TimeInForce.GTC, false));
    known.put(Fill.class, () -> new Fill("bot-1-7-f1", ClientOrderId.of("bot-1", 7), "BTC", Side.BUY,
        new BigDecimal("0.125"), new BigDecimal("42001.25"), new BigDecimal("0.52"), AT));
    known.put(Signal.class, () -> new Signal("sig-1", "bot-1", "BTC", SignalAction.ENTER_LONG,
        new BigDecimal("42000"), new BigDecimal("41000"), new BigDecimal("45000"), "tradingview", AT));
    known.put(Sizing.class, () -> Sizing.fixedQuantity(new BigDecimal("0.125")));
    known.put(BotConfig.class, () -> new BotConfig("bot-1", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(BigDecimal.ONE),
        new RegimeFilter(List.of("risk_on"), 0.6), Duration.ofHours(4),
        new io.dorado.protocol.bot.SignalSource(io.dorado.protocol.bot.SignalSource.Type.SCHEDULED, "every 30s")));
    known.put(io.dorado.protocol.bot.SignalSource.class, () -> new io.dorado.protocol.bot.SignalSource(
        io.dorado.protocol.bot.SignalSource.Type.SCHEDULED, "cron 0,30 9-16 * * MON-FRI America/New_York"));
  }

  /** Registers a hand-made sample for a type whose constructor validates combinations. */
  public <T> Samples with(Class<T> type, Supplier<T> supplier) {
    known.put(type, supplier::get);
    return this;
  }

  public Object of(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) return List.of(of(args[0]));
      if (Set.class.isAssignableFrom(raw)) return Set.of(of(args[0]));
      if (java.util.SortedMap.class.isAssignableFrom(raw)) return new java.util.TreeMap<>(Map.of(of(args[0]), of(args[1])));
      if (Map.class.isAssignableFrom(raw)) return Map.of(of(args[0]), of(args[1]));
      if (ActorRef.class.isAssignableFrom(raw)) return ref;
      return of(raw);
    }
    return of((Class<?>) type);
  }

  public Object of(Class<?> c) {
    if (known.containsKey(c)) return known.get(c).get();
    if (c == String.class) return "s-1";
    if (c == long.class || c == Long.class) return 3L;
    if (c == int.class || c == Integer.class) return 2;
    if (c == double.class || c == Double.class) return 0.75;
    if (c == boolean.class || c == Boolean.class) return true;
    if (c == BigDecimal.class) return new BigDecimal("12.50");
    if (c == Instant.class) return AT;
    if (c == Duration.class) return Duration.ofMinutes(5);
    if (c == java.time.LocalDate.class) return java.time.LocalDate.of(2026, 1, 2);
    if (c.isEnum()) return c.getEnumConstants()[c.getEnumConstants().length - 1];
    if (ActorRef.class.isAssignableFrom(c)) return ref;
    if (c.isInterface() && c.isSealed()) return of(ProtocolScan.concreteSubtypes(c).iterator().next());
    if (c.isRecord()) return record(c);
    throw new IllegalArgumentException("no sample for " + c.getName() + ": register one with Samples.with");
  }

  private Object record(Class<?> c) {
    RecordComponent[] components = c.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = of(components[i].getGenericType());
    }
    try {
      Constructor<?> ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cannot build a sample " + c.getName() + " by reflection ("
          + e.getCause().getMessage() + "): register one with Samples.with", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
