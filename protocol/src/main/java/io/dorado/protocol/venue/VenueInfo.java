package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.VenueMode;

/**
 * What a venue adapter is: its kind (paper, binance, kraken, ...), the mode it serves, the account it trades,
 * whether the venue itself refuses a second order with the same client order id, and its connection now.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueInfo(String venue, String kind, VenueMode mode, String account, boolean dedupesClientOrderIds,
    Connection connection) implements CborSerializable {

  public enum Connection {
    @JsonProperty("connected") CONNECTED,
    @JsonProperty("connecting") CONNECTING,
    @JsonProperty("disconnected") DISCONNECTED
  }

  public VenueInfo {
    requiredText(venue, "venue");
    requiredText(kind, "kind");
    required(mode, "mode");
    account = account == null ? venue : account;
    connection = connection == null ? Connection.CONNECTED : connection;
  }
}
