package io.dorado.http;

/** Who may call an endpoint. */
enum Access {
  /** Probes: {@code /health}, {@code /ready}. */
  PUBLIC,
  /** The API or the operator bearer token. */
  READ,
  /** The operator bearer token: everything that changes the fleet. */
  OPERATE,
  /** The signal webhook: its shared secret (TradingView cannot send an Authorization header). */
  WEBHOOK
}
