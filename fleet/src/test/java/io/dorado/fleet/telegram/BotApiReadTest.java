package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.response.GetUpdatesResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a getUpdates answer is read: update by update, so one the library cannot read does not hide the others. */
class BotApiReadTest {
  private static final String GOOD = "{\"update_id\":7,\"message\":{\"message_id\":1,\"date\":1764000000,"
      + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"text\":\"/status\"}}";
  private static final String BAD = "{\"update_id\":8,\"message\":{\"message_id\":2,\"date\":{\"unix\":1764000000},"
      + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"text\":\"/bots\"}}";

  @Test
  @DisplayName("an unreadable update comes back apart with its id; the readable ones as pengrad reads them")
  void unreadableApart() {
    BotApi.UpdateBatch b = BotApi.readBatch("{\"ok\":true,\"result\":[" + GOOD + "," + BAD + "]}");
    var ok = (ApiResult.Ok<GetUpdatesResponse>) b.result();
    assertEquals(List.of(7), ok.response().updates().stream().map(Update::updateId).toList());
    assertEquals("/status", ok.response().updates().get(0).message().text());
    assertEquals(1, b.unreadable().size());
    assertEquals(8L, b.unreadable().get(0).updateId());
    assertTrue(b.unreadable().get(0).reason().startsWith("JsonSyntaxException"), b.unreadable().get(0).reason());
  }

  @Test
  @DisplayName("without a readable update_id the update has no id; errors and non-JSON answers are read as before")
  void errorsAsBefore() {
    BotApi.UpdateBatch noId = BotApi.readBatch("{\"ok\":true,\"result\":[{\"update_id\":\"x\",\"message\":7}]}");
    assertEquals(null, noId.unreadable().get(0).updateId());
    BotApi.UpdateBatch limited = BotApi.readBatch(
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\",\"parameters\":{\"retry_after\":3}}");
    assertEquals(java.time.Duration.ofSeconds(3), ((ApiResult.RetryAfter<GetUpdatesResponse>) limited.result()).delay());
    assertTrue(BotApi.readBatch("<html>502 Bad Gateway</html>").result() instanceof ApiResult.Transient<GetUpdatesResponse>);
    var conflict = (ApiResult.Permanent<GetUpdatesResponse>) BotApi.readBatch(
        "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: terminated by other getUpdates request\"}").result();
    assertEquals(409, conflict.errorCode());
  }
}
