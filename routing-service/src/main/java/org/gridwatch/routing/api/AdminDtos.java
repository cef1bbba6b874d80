package org.gridwatch.routing.api;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.gridwatch.contracts.Priority;

/** The admin API's bodies (DESIGN.md section 9 shapes). */
public final class AdminDtos {

    private AdminDtos() {
    }

    /** {@code {id, name, areaCode}}. */
    public record Department(@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String id,
                             @NotBlank @Size(max = 200) String name,
                             @NotBlank @Size(max = 64) String areaCode) {
    }

    /** {@code {id, category ("*" for any), areaCode, departmentId, priority?, resolveHours?}}. */
    public record Rule(@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String id,
                       @NotBlank @Pattern(regexp = "\\*|[A-Z][A-Z0-9_]{0,63}", message = "must be a category code or *") String category,
                       @NotBlank @Size(max = 64) String areaCode,
                       @NotBlank @Size(max = 64) String departmentId,
                       Priority priority,
                       @Min(1) @Max(24 * 365) Integer resolveHours) {
    }

    /** The live rules and the version they make up. */
    public record RuleList(long ruleSetVersion, List<Rule> items) {
    }

    /** {@code POST /routing/simulate}. */
    public record SimulateRequest(@NotBlank @Size(max = 64) String category,
                                  @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.DecimalMin("-90")
                                  @jakarta.validation.constraints.DecimalMax("90") Double lat,
                                  @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.DecimalMin("-180")
                                  @jakarta.validation.constraints.DecimalMax("180") Double lon) {
    }
}
