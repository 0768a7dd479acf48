package io.dorado.actors.orderpath.venue.oanda;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.GsonBuilder;
import com.oanda.v20.Context;
import com.oanda.v20.order.Order;
import com.oanda.v20.order.OrderAdapter;
import com.oanda.v20.primitives.AcceptDatetimeFormat;
import com.oanda.v20.primitives.NullableTypeAdapterFactory;
import com.oanda.v20.transaction.StopLossDetails;
import com.oanda.v20.transaction.TakeProfitDetails;
import com.oanda.v20.transaction.Transaction;
import com.oanda.v20.transaction.TrailingStopLossDetails;
import com.oanda.v20.transaction.TransactionAdapter;
import org.apache.http.client.HttpClient;

/**
 * The library's {@link Context} with one repair. {@code Context.execute} reads every non-2xx answer with Gson into a
 * {@code RequestException} (an {@code Exception}); Gson then tries to make {@code java.lang.Throwable}'s private fields
 * accessible, which Java 17 refuses: measured on the first 404 of {@code GET orders/@<clientID>}, with Gson 2.8.2
 * (the library's: {@code InaccessibleObjectException: ... module java.base does not "opens java.lang"}) and with
 * 2.14.0 (the build's: {@code JsonIOException: Failed making field 'java.lang.Throwable#detailMessage' accessible}). The gson field is protected, so this
 * subclass rebuilds it exactly as the constructor does (javap of {@code Context.<init>}: TransactionAdapter,
 * OrderAdapter, NullableTypeAdapterFactory for TakeProfitDetails, StopLossDetails, TrailingStopLossDetails) plus an
 * exclusion of the fields {@code Throwable} declares: errorCode, errorMessage and the reject transactions are still
 * read, and no {@code --add-opens} is needed.
 */
final class OandaContext extends Context {

  OandaContext(String uri, String token, String application, HttpClient http) {
    super(uri, token, application, AcceptDatetimeFormat.RFC3339, http);
    this.gson = new GsonBuilder()
        .registerTypeAdapter(Transaction.class, new TransactionAdapter())
        .registerTypeAdapter(Order.class, new OrderAdapter())
        .registerTypeAdapterFactory(new NullableTypeAdapterFactory<>(TakeProfitDetails.class))
        .registerTypeAdapterFactory(new NullableTypeAdapterFactory<>(StopLossDetails.class))
        .registerTypeAdapterFactory(new NullableTypeAdapterFactory<>(TrailingStopLossDetails.class))
        .setExclusionStrategies(new ExclusionStrategy() {
          @Override
          public boolean shouldSkipField(FieldAttributes field) {
            return field.getDeclaringClass() == Throwable.class;
          }

          @Override
          public boolean shouldSkipClass(Class<?> type) {
            return false;
          }
        })
        .create();
  }
}
