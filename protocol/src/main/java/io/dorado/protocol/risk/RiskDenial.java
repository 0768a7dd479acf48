package io.dorado.protocol.risk;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import io.dorado.protocol.CborSerializable;

/**
 * Why the guardian said no: a standard reason code and the numbers that tripped it, e.g.
 * {@code MAX_NOTIONAL "notional 125000.00 > max 100000.00"}.
 */
public record RiskDenial(DenialReason reason, String detail) implements CborSerializable {
  public RiskDenial {
    required(reason, "reason");
    requiredText(detail, "detail");
  }

  public static RiskDenial of(DenialReason reason, String detail) {
    return new RiskDenial(reason, detail);
  }

  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
