package dev.zhijia.water;

import java.util.Map;

import dev.zhijia.testsupport.BulkMembers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static dev.zhijia.water.WaterPickupTest.pickup;
import static dev.zhijia.water.WaterPickupTest.site;
import static dev.zhijia.water.WaterPickupTest.verify;
import static org.hamcrest.Matchers.is;

/** A station type with its own quota (configuration, off by default) counts apart from the one bottle a day elsewhere. */
@QuarkusTest
@TestProfile(WaterQuotaByTypeTest.DriversHomeOwnQuota.class)
class WaterQuotaByTypeTest {

    public static class DriversHomeOwnQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zhijia.water.quota-by-type.DRIVERS_HOME", "2");
        }
    }

    @Test
    void anOverriddenTypeHasItsOwnDailyCount() {
        WaterPickupTest.Site water = site("WATER_STATION", 5, "{\"open24h\":true}");
        WaterPickupTest.Site canteen = site("CANTEEN", 5, "{\"open24h\":true}");
        WaterPickupTest.Site drivers = site("DRIVERS_HOME", 5, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        verify(
                        water.staff(),
                        pickup(member, water.id(), water.token())
                                .statusCode(201)
                                .extract()
                                .path("code"))
                .statusCode(200);
        pickup(member, canteen.id(), canteen.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));
        for (int i = 0; i < 2; i++) {
            verify(
                            drivers.staff(),
                            pickup(member, drivers.id(), drivers.token())
                                    .statusCode(201)
                                    .extract()
                                    .path("code"))
                    .statusCode(200);
        }
        pickup(member, drivers.id(), drivers.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));
    }
}
