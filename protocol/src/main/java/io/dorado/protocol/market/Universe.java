package io.dorado.protocol.market;

import static io.dorado.protocol.Json.requiredText;

import io.dorado.protocol.CborSerializable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The set of underlyings the fleet may trade; nothing exists outside it (PRD §2.1). */
public record Universe(String id, List<Underlying> underlyings) implements CborSerializable {
  public Universe {
    requiredText(id, "id");
    underlyings = underlyings == null ? List.of() : List.copyOf(underlyings);
    var seen = new HashSet<String>();
    for (Underlying u : underlyings) {
      if (!seen.add(u.symbol())) {
        throw new IllegalArgumentException("underlyings: symbol " + u.symbol() + " is listed twice");
      }
    }
  }

  public Optional<Underlying> find(String symbol) {
    return underlyings.stream().filter(u -> u.symbol().equals(symbol)).findFirst();
  }

  public boolean contains(String symbol) {
    return find(symbol).isPresent();
  }
}
