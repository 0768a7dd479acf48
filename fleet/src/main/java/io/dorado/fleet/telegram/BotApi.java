package io.dorado.fleet.telegram;

import com.pengrad.telegrambot.Callback;
import com.pengrad.telegrambot.Cancellable;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.response.BaseResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The Bot API client (pengrad java-telegram-bot-api over OkHttp), asynchronous so no actor thread
 * ever waits on Telegram. Every call completes with an {@link ApiResult}, never exceptionally.
 */
final class BotApi implements AutoCloseable {
  private final TelegramBot bot;
  private final OkHttpClient http;

  BotApi(TelegramSettings settings) {
    long timeout = settings.requestTimeout().toMillis();
    Dispatcher dispatcher = new Dispatcher();
    // One long poll plus the outbox's parallel sends, all to one host (OkHttp allows 5 by default).
    dispatcher.setMaxRequestsPerHost(Outbox.MAX_IN_FLIGHT + 2);
    // pengrad lengthens the read timeout of getUpdates by its long-polling timeout; nothing else waits longer.
    this.http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(timeout, TimeUnit.MILLISECONDS)
        .writeTimeout(timeout, TimeUnit.MILLISECONDS)
        .readTimeout(timeout, TimeUnit.MILLISECONDS)
        .retryOnConnectionFailure(false)
        .build();
    this.bot = new TelegramBot.Builder(settings.token()).apiUrl(settings.baseUrl()).okHttpClient(http).build();
  }

  /** Sends the request; {@code cancel} receives a handle that abandons it (used for the long poll on stop). */
  <T extends BaseRequest<T, R>, R extends BaseResponse> CompletionStage<ApiResult<R>> call(
      T request, java.util.function.Consumer<Cancellable> cancel) {
    CompletableFuture<ApiResult<R>> result = new CompletableFuture<>();
    try {
      Cancellable c = bot.execute(request, new Callback<T, R>() {
        @Override
        public void onResponse(T req, R response) {
          result.complete(ApiResult.of(response));
        }

        @Override
        public void onFailure(T req, IOException e) {
          result.complete(new ApiResult.Transient<>(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      });
      cancel.accept(c);
    } catch (RuntimeException e) { // the dispatcher refuses work once shut down
      result.complete(new ApiResult.Transient<>(e.toString()));
    }
    return result;
  }

  <T extends BaseRequest<T, R>, R extends BaseResponse> CompletionStage<ApiResult<R>> call(T request) {
    return call(request, c -> {});
  }

  @Override
  public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
