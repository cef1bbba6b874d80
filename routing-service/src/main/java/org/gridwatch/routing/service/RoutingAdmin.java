package org.gridwatch.routing.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.routing.api.AdminDtos;
import org.gridwatch.routing.domain.RoutingRule;
import org.gridwatch.routing.persistence.CategoryRepository;
import org.gridwatch.routing.persistence.DepartmentEntity;
import org.gridwatch.routing.persistence.DepartmentRepository;
import org.gridwatch.routing.persistence.RuleEntity;
import org.gridwatch.routing.persistence.RuleRepository;

/**
 * Departments and routing rules, validated against the areas, departments and categories routing knows.
 * Every rule change makes a new rule-set version; the city's last {@code *} rule cannot be removed.
 */
@ApplicationScoped
public class RoutingAdmin {

    private final DepartmentRepository departments;
    private final RuleRepository rules;
    private final CategoryRepository categories;
    private final AreaDirectory areas;

    public RoutingAdmin(DepartmentRepository departments, RuleRepository rules, CategoryRepository categories,
                        AreaDirectory areas) {
        this.departments = departments;
        this.rules = rules;
        this.categories = categories;
        this.areas = areas;
    }

    @Transactional
    public List<AdminDtos.Department> departments() {
        return departments.listAll().stream().map(d -> new AdminDtos.Department(d.id, d.name, d.areaCode))
                .sorted(java.util.Comparator.comparing(AdminDtos.Department::id)).toList();
    }

    @Transactional
    public Optional<AdminDtos.Department> department(String id) {
        return departments.findByIdOptional(id).map(d -> new AdminDtos.Department(d.id, d.name, d.areaCode));
    }

    /** Creates or replaces a department; its area must exist. */
    @Transactional
    public AdminDtos.Department putDepartment(String id, AdminDtos.Department body) {
        // The id in the path becomes the department's id: it must be a code like every id GridWatch keeps, or a
        // department named "=HYPERLINK(...)" would reach tokens, tickets and supervisors' spreadsheets.
        if (id == null || !org.gridwatch.routing.domain.AreaImportValidator.CODE.matcher(id).matches()) {
            throw ApiException.badRequest("A department id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    List.of(new Problem.FieldError("id", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.id() != null && !body.id().equals(id)) {
            errors.add(new Problem.FieldError("id", "must match the id in the path"));
        }
        if (areas.index().area(body.areaCode()).isEmpty()) {
            errors.add(new Problem.FieldError("areaCode", "unknown area " + body.areaCode()));
        }
        refuse(errors);
        DepartmentEntity d = departments.findById(id);
        if (d == null) {
            d = new DepartmentEntity();
            d.id = id;
            d.name = body.name();
            d.areaCode = body.areaCode();
            d.updatedAt = OffsetDateTime.now();
            departments.persist(d);
        } else {
            d.name = body.name();
            d.areaCode = body.areaCode();
            d.updatedAt = OffsetDateTime.now();
        }
        return new AdminDtos.Department(d.id, d.name, d.areaCode);
    }

    @Transactional
    public AdminDtos.RuleList rules() {
        return new AdminDtos.RuleList(rules.latestVersion(), rules.live().stream().map(RoutingAdmin::dto).toList());
    }

    @Transactional
    public AdminDtos.Rule createRule(AdminDtos.Rule body) {
        String id = body.id() != null ? body.id() : "R-" + UUID.randomUUID().toString().substring(0, 8);
        if (rules.live(id).isPresent()) {
            throw ApiException.conflict("Rule " + id + " exists; use PUT to change it");
        }
        validate(body);
        long version = rules.newVersion("create " + id);
        persist(id, body, version);
        return rules.live(id).map(RoutingAdmin::dto).orElseThrow();
    }

    @Transactional
    public AdminDtos.Rule replaceRule(String id, AdminDtos.Rule body) {
        RuleEntity current = rules.live(id).orElseThrow(() -> ApiException.notFound("No rule " + id));
        if (body.id() != null && !body.id().equals(id)) {
            refuse(List.of(new Problem.FieldError("id", "must match the id in the path")));
        }
        validate(body);
        RoutingRule replacement = new RoutingRule(id, body.category(), body.areaCode(), body.departmentId(), body.priority(), body.resolveHours());
        if (isCityFallback(current.toRule()) && !isCityFallback(replacement) && cityFallbacks() <= 1) {
            throw ApiException.unprocessable("The city's last * rule cannot be changed into another rule",
                    List.of(new Problem.FieldError("category", "the city needs a * fallback rule")));
        }
        long version = rules.newVersion("replace " + id);
        current.retiredVersion = version;
        rules.flush();
        persist(id, body, version);
        return rules.live(id).map(RoutingAdmin::dto).orElseThrow();
    }

    @Transactional
    public void deleteRule(String id) {
        RuleEntity current = rules.live(id).orElseThrow(() -> ApiException.notFound("No rule " + id));
        if (isCityFallback(current.toRule()) && cityFallbacks() <= 1) {
            throw ApiException.unprocessable("The city's last * rule (the fallback) cannot be removed",
                    List.of(new Problem.FieldError("id", "the city needs a * fallback rule")));
        }
        current.retiredVersion = rules.newVersion("delete " + id);
    }

    private void validate(AdminDtos.Rule body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!RoutingRule.ANY_CATEGORY.equals(body.category()) && categories.findByIdOptional(body.category()).isEmpty()) {
            errors.add(new Problem.FieldError("category", "unknown category " + body.category()));
        }
        if (areas.index().area(body.areaCode()).isEmpty()) {
            errors.add(new Problem.FieldError("areaCode", "unknown area " + body.areaCode()));
        }
        if (departments.findByIdOptional(body.departmentId()).isEmpty()) {
            errors.add(new Problem.FieldError("departmentId", "unknown department " + body.departmentId()));
        }
        refuse(errors);
        Optional<RuleEntity> sameTarget = rules.live().stream()
                .filter(r -> r.category.equals(body.category()) && r.areaCode.equals(body.areaCode())
                        && (body.id() == null || !r.id.equals(body.id())))
                .findFirst();
        if (sameTarget.isPresent()) {
            throw ApiException.conflict("Rule " + sameTarget.get().id + " already routes " + body.category() + " in " + body.areaCode());
        }
    }

    private void persist(String id, AdminDtos.Rule body, long version) {
        RuleEntity r = new RuleEntity();
        r.id = id;
        r.category = body.category();
        r.areaCode = body.areaCode();
        r.departmentId = body.departmentId();
        r.priority = body.priority();
        r.resolveHours = body.resolveHours();
        r.createdVersion = version;
        rules.persist(r);
    }

    private boolean isCityFallback(RoutingRule rule) {
        return rule.anyCategory() && rule.areaCode().equals(areas.index().cityCode());
    }

    private long cityFallbacks() {
        return rules.live().stream().map(RuleEntity::toRule).filter(this::isCityFallback).count();
    }

    private static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("The request refers to what routing does not know", errors);
        }
    }

    private static AdminDtos.Rule dto(RuleEntity r) {
        return new AdminDtos.Rule(r.id, r.category, r.areaCode, r.departmentId, r.priority, r.resolveHours);
    }
}
