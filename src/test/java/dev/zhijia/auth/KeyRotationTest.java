package dev.zhijia.auth;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Rotating the JWT signing key logs nobody out. The test profile is a replica in the middle of a rotation: it
 * signs with the dev key and also accepts {@code keys/rotation-next-public.pem} ({@code zhijia.auth.other-public-keys}).
 * Tokens of either key work on the API; a key nobody listed does not; and once a key is dropped from the list
 * (after the longest access-token life), its tokens are refused.
 */
@QuarkusTest
class KeyRotationTest {

    private static final String NEXT_PRIVATE = "keys/rotation-next-private.pem";
    private static final String NEXT_PUBLIC = "keys/rotation-next-public.pem";

    @Inject
    DefaultJWTParser parser;

    @Inject
    JWTAuthContextInfo context;

    @Inject
    Revocations revocations;

    @Inject
    AuthConfig config;

    private JwtClaimsBuilder claimsOf(long memberId) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer("https://zhijia.dev")
                .subject("member:" + memberId)
                .upn("member:" + memberId)
                .groups("member")
                .issuedAt(now)
                .claim(Revocations.ISSUED_AT_MILLIS, now * 1000)
                .expiresAt(now + config.accessTokenSeconds());
    }

    @Test
    void tokensOfTheCurrentAndTheNextKeyAreBothAcceptedDuringTheRotation() throws Exception {
        Fixtures.MemberLogin member = Fixtures.newMember();
        given().auth().oauth2(member.accessToken()).get("/api/v1/me").then().statusCode(200);

        String signedWithNext = claimsOf(member.id()).sign(NEXT_PRIVATE);
        given().auth().oauth2(signedWithNext).get("/api/v1/me").then().statusCode(200);

        var unknown = KeyPairGenerator.getInstance("RSA");
        unknown.initialize(2048);
        String signedWithAnUnlistedKey =
                claimsOf(member.id()).sign(unknown.generateKeyPair().getPrivate());
        given().auth().oauth2(signedWithAnUnlistedKey).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aDroppedKeyIsRefusedAndAnotherIssuerIsRefusedWhateverTheKey() throws Exception {
        long id = Fixtures.newMember().id();
        String signedWithNext = claimsOf(id).sign(NEXT_PRIVATE);

        VerifiedTokens during = new VerifiedTokens(parser, context, revocations, 10, Optional.of(List.of(NEXT_PUBLIC)));
        assertEquals("member:" + id, during.parse(signedWithNext).getSubject());

        VerifiedTokens afterTheOldKeyIsDropped = new VerifiedTokens(parser, context, revocations, 10, Optional.empty());
        assertThrows(ParseException.class, () -> afterTheOldKeyIsDropped.parse(signedWithNext));

        // the other keys verify signatures only: issuer, expiry and revocation are checked as for the main key
        String otherIssuer = claimsOf(id).issuer("https://elsewhere.example").sign(NEXT_PRIVATE);
        assertThrows(ParseException.class, () -> during.parse(otherIssuer));
        String expired = claimsOf(id).issuedAt(1_000L).expiresAt(2_000L).sign(NEXT_PRIVATE);
        assertThrows(ParseException.class, () -> during.parse(expired));
    }
}
