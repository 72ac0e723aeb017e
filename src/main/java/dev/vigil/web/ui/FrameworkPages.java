package dev.vigil.web.ui;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.posture.FrameworkPosture;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import dev.vigil.posture.RequirementStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Frameworks, their requirements grouped by section, and one requirement with the controls that cover it.
 *
 * <p>Requirement ids are the framework's own citations ({@code Art. 32(1)(b)}, {@code 164.312(a)(2)(iv)}): links
 * carry them as one percent-encoded path segment.
 */
@Controller
class FrameworkPages {

    private final PostureService posture;
    private final FrameworkCatalog catalog;

    FrameworkPages(PostureService posture, FrameworkCatalog catalog) {
        this.posture = posture;
        this.catalog = catalog;
    }

    /** Requirements that share a section heading, in citation order. */
    record Section(String title, List<RequirementStatus> requirements) {}

    @GetMapping("/frameworks")
    @PreAuthorize(Access.READ_POSTURE)
    String frameworks(VigilPrincipal principal, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        model.addAttribute("report", report);
        return "frameworks/list";
    }

    @GetMapping("/frameworks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String framework(VigilPrincipal principal, @PathVariable String id, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        FrameworkPosture framework = report.framework(id).orElseThrow(() -> new PageNotFoundException("framework", id));
        model.addAttribute("report", report);
        model.addAttribute("framework", framework);
        model.addAttribute("sections", sections(framework.requirements()));
        model.addAttribute("coverage", catalog.coverage(id).orElseThrow());
        return "frameworks/detail";
    }

    @GetMapping("/frameworks/{id}/requirements/{requirementId}")
    @PreAuthorize(Access.READ_POSTURE)
    String requirement(
            VigilPrincipal principal, @PathVariable String id, @PathVariable String requirementId, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        FrameworkPosture framework = report.framework(id).orElseThrow(() -> new PageNotFoundException("framework", id));
        RequirementStatus requirement = framework.requirements().stream()
                .filter(r -> r.requirement().id().equals(requirementId))
                .findFirst()
                .orElseThrow(() -> new PageNotFoundException("requirement", requirementId));
        model.addAttribute("framework", framework);
        model.addAttribute("requirement", requirement);
        return "frameworks/requirement";
    }

    static List<Section> sections(List<RequirementStatus> requirements) {
        Map<String, List<RequirementStatus>> bySection = new LinkedHashMap<>();
        for (RequirementStatus requirement : requirements) {
            String section = requirement.requirement().section() == null
                    ? ""
                    : requirement.requirement().section();
            bySection.computeIfAbsent(section, k -> new ArrayList<>()).add(requirement);
        }
        List<Section> sections = new ArrayList<>();
        bySection.forEach((title, list) -> sections.add(new Section(title, List.copyOf(list))));
        return sections;
    }
}
