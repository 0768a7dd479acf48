package io.dorado.fleet.telegram;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.pengrad.telegrambot.model.CallbackQuery;
import com.pengrad.telegrambot.model.Message;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.model.User;
import io.dorado.protocol.CborSerializable;

/**
 * One Telegram update as the bridge keeps it: the part it acts on, journalled when received so an
 * update received but not yet handled survives a restart. {@code chatId} is null when the update
 * belongs to no chat (updates the bridge does not serve).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(Inbound.Text.class),
  @JsonSubTypes.Type(Inbound.Button.class),
  @JsonSubTypes.Type(Inbound.Other.class),
  @JsonSubTypes.Type(Inbound.Unreadable.class)
})
public sealed interface Inbound extends CborSerializable {
  long updateId();

  Long chatId();

  /** A text message (a command, or anything else typed into the chat). */
  record Text(long updateId, Long chatId, String from, String text) implements Inbound {}

  /** An inline button pressed under the message {@code messageId}, whose text was {@code messageText}. */
  record Button(long updateId, Long chatId, String from, String callbackId, int messageId, String messageText,
      String data) implements Inbound {}

  /** Anything else (edited messages, joins, reactions): received and passed over. */
  record Other(long updateId, Long chatId) implements Inbound {}

  /** An update the client library could not read: skipped (never acted on) and reported once. */
  record Unreadable(long updateId, String reason) implements Inbound {
    @Override
    public Long chatId() {
      return null;
    }
  }

  static Inbound of(Update u) {
    long id = u.updateId();
    Message m = u.message();
    if (m != null && m.text() != null) return new Text(id, m.chat().id(), who(m.from()), m.text());
    CallbackQuery q = u.callbackQuery();
    if (q != null && q.maybeInaccessibleMessage() != null) {
      var msg = q.maybeInaccessibleMessage();
      String text = msg instanceof Message full ? full.text() : null;
      return new Button(id, msg.chat().id(), who(q.from()), q.id(), msg.messageId(), text, q.data());
    }
    if (m != null) return new Other(id, m.chat().id());
    return new Other(id, null);
  }

  /** The operator's name for the audit trail. */
  private static String who(User user) {
    if (user == null) return "telegram:unknown";
    return "telegram:" + (user.username() != null ? "@" + user.username() : String.valueOf(user.id()));
  }
}
