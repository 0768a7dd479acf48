package io.dorado.cluster.venues;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.market.VenueMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One venue account as the node runs it: its id (what bots and universes name), its kind (which adapter), the
 * mode it serves, the venue-side account name, its endpoints, its credentials and the venue's names for the
 * universe's symbols. Made by {@link VenueAdapters} from {@code dorado.venues.accounts.<id>} (or the paper default
 * for an id nobody configured). {@link #toString} never shows the credentials ({@link VenueCredentials}).
 *
 * @param restUrl the REST base URL, or null for the adapter's default (the venue's production or testnet URL by mode)
 * @param streamUrl the streaming (WebSocket) base URL, or null for the adapter's default
 * @param credentials null for a kind that needs none (paper)
 * @param symbols universe symbol → venue symbol (BTC → BTCUSDT); a symbol not listed is its own venue symbol
 * @param settings the account's whole config block, for the adapter's own settings (recv-window, timeouts)
 */
public record VenueAccount(String id, String kind, VenueMode mode, String account, String restUrl, String streamUrl,
    VenueCredentials credentials, Map<String, String> symbols, Config settings) {

  public VenueAccount {
    symbols = symbols == null ? Map.of() : Map.copyOf(symbols);
    account = account == null || account.isBlank() ? id : account;
    settings = settings == null ? ConfigFactory.empty() : settings;
  }

  /** The default for a venue id with no configuration: our paper venue. */
  public static VenueAccount paper(String id) {
    return new VenueAccount(id, VenueAdapters.PAPER, VenueMode.PAPER, id, null, null, null, Map.of(), null);
  }

  /** The venue's symbol for a universe symbol. */
  public String venueSymbol(String symbol) {
    return symbols.getOrDefault(symbol, symbol);
  }

  /** The modes bots on this account may ask for: a paper venue also runs simulations; a real account its one mode. */
  public Set<VenueMode> servedModes() {
    return kind.equals(VenueAdapters.PAPER) ? Set.of(VenueMode.PAPER, VenueMode.SIMULATION) : Set.of(mode);
  }

  public Optional<VenueCredentials> credentialsIfAny() {
    return Optional.ofNullable(credentials);
  }

  @Override
  public String toString() {
    return "VenueAccount[" + id + ": kind " + kind + ", mode " + mode.configName() + ", account " + account
        + (restUrl == null ? "" : ", rest " + restUrl) + (streamUrl == null ? "" : ", stream " + streamUrl)
        + (credentials == null ? "" : ", " + credentials) + (symbols.isEmpty() ? "" : ", symbols " + symbols) + "]";
  }
}
