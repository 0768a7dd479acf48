package io.dorado.fleet.telegram;

import com.pengrad.telegrambot.Callback;
import com.pengrad.telegrambot.Cancellable;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.response.BaseResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.response.GetUpdatesResponse;
import com.pengrad.telegrambot.utility.BotUtils;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Bot API client (pengrad java-telegram-bot-api over OkHttp), asynchronous so no actor thread
 * ever waits on Telegram. Every call completes with an {@link ApiResult}, never exceptionally.
 */
final class BotApi implements AutoCloseable {
  private final TelegramBot bot;
  private final OkHttpClient http;
  private final String updatesUrl;
  private final long requestTimeoutMillis;

  /**
   * One getUpdates answer: the updates the library could read (in {@code result}), and the ones it could not, each
   * with its update id (null when even that is unreadable) and why.
   */
  record UpdateBatch(ApiResult<GetUpdatesResponse> result, List<Unreadable> unreadable) {}

  record Unreadable(Long updateId, String reason) {}

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
    this.updatesUrl = settings.baseUrl() + settings.token() + "/getUpdates";
    this.requestTimeoutMillis = timeout;
  }

  /**
   * getUpdates, read one update at a time: pengrad reads the whole answer in one go, so a single update it cannot
   * read (a field of a shape it does not know) would fail every poll from that offset on, for ever. Here the answer
   * is split first; each update is read with pengrad's own Gson, and the ones that fail come back apart, so the
   * poller can move its offset past them. Same form parameters as pengrad's {@code GetUpdates}.
   */
  CompletionStage<UpdateBatch> getUpdates(long offset, int limit, int timeoutSeconds, List<String> allowedUpdates,
      java.util.function.Consumer<Cancellable> cancel) {
    CompletableFuture<UpdateBatch> result = new CompletableFuture<>();
    RequestBody form = new FormBody.Builder()
        .add("offset", String.valueOf(offset))
        .add("limit", String.valueOf(limit))
        .add("timeout", String.valueOf(timeoutSeconds))
        .add("allowed_updates", BotUtils.GSON.toJson(allowedUpdates))
        .build();
    try {
      // as pengrad does for getUpdates: the read may take the long-polling timeout longer
      OkHttpClient polling = http.newBuilder()
          .readTimeout(requestTimeoutMillis + timeoutSeconds * 1000L, TimeUnit.MILLISECONDS).build();
      Call call = polling.newCall(new Request.Builder().url(updatesUrl).post(form).build());
      cancel.accept(call::cancel);
      call.enqueue(new okhttp3.Callback() {
        @Override
        public void onFailure(Call c, IOException e) {
          result.complete(transientBatch(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }

        @Override
        public void onResponse(Call c, Response response) {
          try (response) {
            result.complete(readBatch(response.body() == null ? "" : response.body().string()));
          } catch (IOException | RuntimeException e) {
            result.complete(transientBatch(e.toString()));
          }
        }
      });
    } catch (RuntimeException e) { // the dispatcher refuses work once shut down
      result.complete(transientBatch(e.toString()));
    }
    return result;
  }

  /** Reads a getUpdates answer; an answer that is not JSON at all (a proxy's HTML page) is transient. */
  static UpdateBatch readBatch(String body) {
    JsonObject root;
    try {
      root = JsonParser.parseString(body).getAsJsonObject();
    } catch (RuntimeException e) {
      return transientBatch("unreadable answer: " + e.getMessage());
    }
    JsonElement updates = root.remove("result");
    List<Unreadable> unreadable = new ArrayList<>();
    if (updates != null && updates.isJsonArray()) {
      JsonArray readable = new JsonArray();
      for (JsonElement u : updates.getAsJsonArray()) {
        try {
          if (BotUtils.GSON.fromJson(u, Update.class) == null) throw new JsonParseException("null update");
          readable.add(u);
        } catch (RuntimeException e) {
          unreadable.add(new Unreadable(updateId(u), e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }
      root.add("result", readable);
    }
    try {
      return new UpdateBatch(ApiResult.of(BotUtils.GSON.fromJson(root, GetUpdatesResponse.class)), List.copyOf(unreadable));
    } catch (RuntimeException e) {
      return transientBatch("unreadable answer: " + e.getMessage());
    }
  }

  private static Long updateId(JsonElement u) {
    try {
      JsonElement id = u.getAsJsonObject().get("update_id");
      return id == null ? null : id.getAsLong();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static UpdateBatch transientBatch(String reason) {
    return new UpdateBatch(new ApiResult.Transient<>(reason), List.of());
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
