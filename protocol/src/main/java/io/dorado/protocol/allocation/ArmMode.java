package io.dorado.protocol.allocation;

/** What the allocator's arms are: each bot on its own, or each strategy template (shared by its bots). */
public enum ArmMode {
  /** One arm per bot: the bot's own trades feed its own posterior. */
  BY_BOT,
  /** One arm per strategy template: all bots running the template share a posterior and split its budget equally. */
  BY_TEMPLATE
}
