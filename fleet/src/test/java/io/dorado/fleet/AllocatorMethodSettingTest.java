package io.dorado.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.protocol.allocation.AllocationMethod;
import io.dorado.protocol.allocation.PosteriorKind;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AllocatorMethodSettingTest {

  @Test
  @DisplayName("dorado.allocator.method is thompson by default; hrp reaches the allocator's policy; anything else is refused by name")
  void allocatorMethodSetting() {
    var base = ConfigFactory.parseResources("dorado.conf").resolve();
    assertEquals(AllocationMethod.THOMPSON, AllocationMethod.parse(base.getString("dorado.allocator.method")));
    var hrp = ConfigFactory.parseString("dorado.allocator.method = hrp").withFallback(base).resolve();
    var setup = FleetSetup.node(FleetConfigLoader.loadDemo(), new BigDecimal("100000"), false,
        AllocationMethod.parse(hrp.getString("dorado.allocator.method")));
    assertEquals(AllocationMethod.HRP, setup.allocation().method());
    assertEquals(0.25, setup.allocation().kellyFraction());
    var e = assertThrows(IllegalArgumentException.class, () -> AllocationMethod.parse("kelly"));
    assertEquals("allocator method must be thompson or hrp, was 'kelly'", e.getMessage());
  }

  @Test
  @DisplayName("dorado.allocator.posterior is beta by default; beta reaches the allocator's policy; anything else is refused by name")
  void allocatorPosteriorSetting() {
    var base = ConfigFactory.parseResources("dorado.conf").resolve();
    assertEquals(PosteriorKind.BETA, PosteriorKind.parse(base.getString("dorado.allocator.posterior")));
    var beta = ConfigFactory.parseString("dorado.allocator.posterior = beta").withFallback(base).resolve();
    var setup = FleetSetup.node(FleetConfigLoader.loadDemo(), new BigDecimal("100000"), false, AllocationMethod.THOMPSON,
        PosteriorKind.parse(beta.getString("dorado.allocator.posterior")));
    assertEquals(PosteriorKind.BETA, setup.allocation().posterior());
    var e = assertThrows(IllegalArgumentException.class, () -> PosteriorKind.parse("gaussian"));
    assertEquals("allocator posterior must be nig or beta, was 'gaussian'", e.getMessage());
  }
}
