package dev.zhijia.station;

import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening hours as minutes of the day, including stations open across midnight. */
class OpeningHoursTest {

    private static final OpeningHours DAYTIME =
            new OpeningHours(false, OpeningHours.parse("08:00"), OpeningHours.parse("18:00"));
    private static final OpeningHours OVERNIGHT =
            new OpeningHours(false, OpeningHours.parse("22:00"), OpeningHours.parse("02:00"));

    @Test
    void daytimeHoursIncludeTheOpeningMinuteAndExcludeTheClosingOne() {
        assertFalse(DAYTIME.isOpenAt(LocalTime.of(7, 59)));
        assertTrue(DAYTIME.isOpenAt(LocalTime.of(8, 0)));
        assertTrue(DAYTIME.isOpenAt(LocalTime.of(17, 59, 59)));
        assertFalse(DAYTIME.isOpenAt(LocalTime.of(18, 0)));
    }

    @Test
    void aStationThatClosesBeforeItOpensIsOpenAcrossMidnight() {
        assertFalse(OVERNIGHT.isOpenAt(LocalTime.of(21, 59)));
        assertTrue(OVERNIGHT.isOpenAt(LocalTime.of(22, 0)));
        assertTrue(OVERNIGHT.isOpenAt(LocalTime.MIDNIGHT));
        assertTrue(OVERNIGHT.isOpenAt(LocalTime.of(1, 59)));
        assertFalse(OVERNIGHT.isOpenAt(LocalTime.of(2, 0)));
        assertFalse(OVERNIGHT.isOpenAt(LocalTime.NOON));
    }

    @Test
    void openAllDayHasNoTimesToShow() {
        assertTrue(OpeningHours.ALWAYS.isOpenAt(LocalTime.of(3, 17)));
        assertNull(OpeningHours.ALWAYS.opensText());
        assertNull(OpeningHours.ALWAYS.closesText());
        assertEquals("08:00", DAYTIME.opensText());
        assertEquals("02:00", OVERNIGHT.closesText());
    }

    @Test
    void onlyTwentyFourHourClockTimesParse() {
        assertEquals(450, OpeningHours.parse("07:30"));
        assertEquals(0, OpeningHours.parse("00:00"));
        assertEquals(1439, OpeningHours.parse("23:59"));
        for (String bad : new String[] {null, "", "7:30", "24:00", "12:60", "12:3", "noon", "12:30:00"}) {
            assertNull(OpeningHours.parse(bad), bad);
        }
        assertEquals("07:05", OpeningHours.text(425));
    }
}
