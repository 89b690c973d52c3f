package dev.zhijia.auth;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
class VerifiedTokensTest {

    @Inject
    JWTParser parser;

    @Test
    void aVerifiedTokenIsTakenAgainWithoutTheSignatureCheckAndNothingElseIs() throws ParseException {
        VerifiedTokens tokens =
                assertInstanceOf(VerifiedTokens.class, parser, "the service checks tokens through the memory");
        String token = Fixtures.newMember().accessToken();
        var first = tokens.parse(token);
        assertSame(first, tokens.parse(token), "the second look reuses the first check");

        // one character of the signature changed: refused, although the genuine token is remembered
        char last = token.charAt(token.length() - 2);
        String forged =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        given().auth().oauth2(forged).get("/api/v1/me").then().statusCode(401);

        // signed by us but already expired: refused every time, never remembered
        String expired = Jwt.issuer("https://zhijia.dev")
                .subject("member:1")
                .groups("member")
                .issuedAt(1_000L)
                .expiresAt(2_000L)
                .sign();
        int before = tokens.size();
        assertThrows(ParseException.class, () -> tokens.parse(expired));
        assertThrows(ParseException.class, () -> tokens.parse(expired));
        assertEquals(before, tokens.size());

        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
    }
}
