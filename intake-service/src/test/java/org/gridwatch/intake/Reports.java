package org.gridwatch.intake;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import org.gridwatch.infra.DevJwt;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Report bodies and a reporter's POST, as the courier app sends them. */
final class Reports {

    private Reports() {
    }

    static String newReporter() {
        return "meituan:" + UUID.randomUUID();
    }

    static String token(String reporterId) {
        return DevJwt.forRole("reporter").subject(reporterId).sign();
    }

    /** A valid report body: a missing manhole cover in Xuzhou. */
    static String body(UUID reportId, String description) {
        return """
                {"reportId":"%s","category":"MANHOLE_COVER","description":"%s",
                 "location":{"lat":34.2045,"lon":117.2838,"accuracyM":8},
                 "address":"Zhongshan N Rd 18","mediaUrls":["https://media.example.cn/r/1.jpg"],
                 "attributes":{"platform":"meituan","station":"XZ-07"}}""".formatted(reportId, description);
    }

    static ValidatableResponse post(String reporterId, String body) {
        return given().auth().oauth2(token(reporterId)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/reports").then();
    }
}
