package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.function.Function;
import org.knowm.xchange.binance.dto.trade.OrderStatus;
import org.knowm.xchange.binance.dto.trade.TimeInForce;

/**
 * What the rescu proxy's Jackson mapper needs beyond XChange 5.2.0's DTOs. XChange's {@link OrderStatus} lists NEW,
 * PARTIALLY_FILLED, FILLED, CANCELED, PENDING_CANCEL, REJECTED and EXPIRED, and its {@code @JsonCreator}
 * ({@code getOrderStatus}) throws "Unknown order status" on anything else; enums.md "Order status" also has
 * PENDING_NEW (a pending leg of an order list) and EXPIRED_IN_MATCH (expired by self-trade prevention, which two
 * bots of one account crossing each other trigger). One such order would fail a whole {@code openOrders} answer or
 * the gap-fill's order lookup, again on every retry. So they are read as what they mean here: PENDING_NEW as NEW
 * (working), EXPIRED_IN_MATCH as EXPIRED (done, cancelled), and a status Binance adds later as NEW (the adapter treats
 * an unknown status as working until a later answer says otherwise).
 *
 * <p>XChange's {@link TimeInForce} implements {@code Order.IOrderFlags}, which carries
 * {@code @JsonTypeInfo(use = CLASS, include = WRAPPER_OBJECT)}; with the Jackson this project resolves (2.19) that
 * makes every {@code BinanceOrder} with Binance's plain {@code "timeInForce": "GTC"} unreadable ("need JSON Object
 * to contain As.WRAPPER_OBJECT type information for class ...TimeInForce", measured against the fake's
 * {@code openOrders}). It is read as the plain string it is.
 */
final class BinanceXChangeDtos {

  private BinanceXChangeDtos() {
  }

  static void configure(ObjectMapper mapper) {
    mapper.registerModule(new SimpleModule("dorado-binance")
        .addDeserializer(OrderStatus.class, new PlainString<>(BinanceXChangeDtos::orderStatus))
        .addDeserializer(TimeInForce.class, new PlainString<>(BinanceXChangeDtos::timeInForce)));
  }

  /** GTC, IOC, FOK (GTX is futures'); anything else as null: the adapter does not read an order's time in force. */
  static TimeInForce timeInForce(String binance) {
    return switch (binance) {
      case "GTC" -> TimeInForce.GTC;
      case "IOC" -> TimeInForce.IOC;
      case "FOK" -> TimeInForce.FOK;
      case "GTX" -> TimeInForce.GTX;
      default -> null;
    };
  }

  static OrderStatus orderStatus(String binance) {
    return switch (binance) {
      case "NEW", "PENDING_NEW" -> OrderStatus.NEW;
      case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
      case "FILLED" -> OrderStatus.FILLED;
      case "CANCELED" -> OrderStatus.CANCELED;
      case "PENDING_CANCEL" -> OrderStatus.PENDING_CANCEL;
      case "REJECTED" -> OrderStatus.REJECTED;
      case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
      default -> OrderStatus.NEW;
    };
  }

  /** A JSON string read through {@code read}, ignoring any type information the target type declares. */
  private static final class PlainString<T> extends JsonDeserializer<T> {
    private final Function<String, T> read;

    PlainString(Function<String, T> read) {
      this.read = read;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read.apply(p.getValueAsString(""));
    }

    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer types)
        throws IOException {
      return deserialize(p, ctxt);
    }
  }
}
