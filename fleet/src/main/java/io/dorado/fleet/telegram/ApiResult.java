package io.dorado.fleet.telegram;

import com.pengrad.telegrambot.response.BaseResponse;
import java.time.Duration;

/** What became of one Bot API request, sorted by what the caller must do next. */
sealed interface ApiResult<R extends BaseResponse> {

  /** Telegram answered {@code ok: true}. */
  record Ok<R extends BaseResponse>(R response) implements ApiResult<R> {}

  /** 429 Too Many Requests: send nothing for {@code delay}, then try again. */
  record RetryAfter<R extends BaseResponse>(Duration delay) implements ApiResult<R> {}

  /** A 5xx, a timeout, a broken connection or an unreadable answer: worth retrying with backoff. */
  record Transient<R extends BaseResponse>(String reason) implements ApiResult<R> {}

  /** Any other error (400 bad request, 403 bot blocked, 404): retrying would not help. */
  record Permanent<R extends BaseResponse>(int errorCode, String description) implements ApiResult<R> {}

  static <R extends BaseResponse> ApiResult<R> of(R response) {
    if (response == null) return new Transient<>("empty answer");
    if (response.isOk()) return new Ok<>(response);
    int code = response.errorCode();
    if (code == 429) {
      Integer seconds = response.parameters() == null ? null : response.parameters().retryAfter();
      return new RetryAfter<>(Duration.ofSeconds(seconds == null || seconds < 1 ? 1 : seconds));
    }
    if (code >= 500 || code == 0) return new Transient<>(code + " " + response.description());
    return new Permanent<>(code, response.description());
  }
}
