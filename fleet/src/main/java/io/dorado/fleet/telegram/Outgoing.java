package io.dorado.fleet.telegram;

import java.util.List;

/** Something to send to Telegram through the {@link Outbox}: plain text, no parse mode, so nothing needs escaping. */
sealed interface Outgoing {

  /** An inline keyboard button; {@code data} comes back in the callback query (at most 64 bytes). */
  record Button(String text, String data) {}

  /** Rows of buttons; empty for none. */
  record Keyboard(List<List<Button>> rows) {
    static final Keyboard NONE = new Keyboard(List.of());

    public Keyboard {
      rows = rows.stream().map(List::copyOf).toList();
    }

    static Keyboard row(Button... buttons) {
      return new Keyboard(List.of(List.of(buttons)));
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }
  }

  record Send(long chatId, String text, boolean silent, Keyboard keyboard) implements Outgoing {
    static Send text(long chatId, String text) {
      return new Send(chatId, text, false, Keyboard.NONE);
    }
  }

  /** Replaces a message's text; an empty keyboard removes its buttons. */
  record Edit(long chatId, int messageId, String text, Keyboard keyboard) implements Outgoing {}

  /** The answer to a button press (a short toast); Telegram expects it promptly, so it jumps the queue. */
  record AnswerCallback(String callbackId, String text) implements Outgoing {
    /** Telegram shows at most 200 characters. */
    public AnswerCallback {
      text = text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
  }
}
