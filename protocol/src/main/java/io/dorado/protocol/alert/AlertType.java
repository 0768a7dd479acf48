package io.dorado.protocol.alert;

/** Kinds of alert, each switched on, off or silent per front end. */
public enum AlertType {
  FILL,
  DENIAL,
  BREAKER,
  TRADING_STATE,
  KILL_SWITCH,
  APPROVAL_REQUEST,
  TRADE_CLOSED,
  VENUE_REFUSAL,
  ORDER_FORGOTTEN,
  DAILY_SUMMARY,
  JOURNAL
}
