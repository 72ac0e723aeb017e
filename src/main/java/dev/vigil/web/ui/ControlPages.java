package dev.vigil.web.ui;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Requirement;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.FrameworkPosture;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import dev.vigil.posture.RequirementStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Controls with their state, and one control with its checks and the requirements it satisfies. */
@Controller
class ControlPages {

    private final PostureService posture;
    private final FrameworkCatalog catalog;

    ControlPages(PostureService posture, FrameworkCatalog catalog) {
        this.posture = posture;
        this.catalog = catalog;
    }

    /** The requirements of one framework that a control is mapped to, with their current state. */
    record FrameworkMapping(FrameworkPosture framework, List<RequirementStatus> requirements) {}

    @GetMapping("/controls")
    @PreAuthorize(Access.READ_POSTURE)
    String controls(
            VigilPrincipal principal, @RequestParam(name = "state", required = false) String stateFilter, Model model) {
        ControlStatus.State state = Filters.parse(ControlStatus.State.class, stateFilter);
        PostureReport report = posture.report(principal.workspaceId());
        Map<ControlStatus.State, Integer> counts = new EnumMap<>(ControlStatus.State.class);
        for (ControlStatus.State s : ControlStatus.State.values()) {
            counts.put(s, 0);
        }
        report.controls().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        List<ControlStatus> shown = report.controls().stream()
                .filter(c -> state == null || c.state() == state)
                .toList();
        model.addAttribute("controls", shown);
        model.addAttribute("counts", counts);
        model.addAttribute("total", report.controls().size());
        model.addAttribute("state", state);
        return "controls/list";
    }

    @GetMapping("/controls/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String control(VigilPrincipal principal, @PathVariable String id, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        ControlStatus control = report.control(id).orElseThrow(() -> new PageNotFoundException("control", id));
        Set<String> mapped = catalog.requirementsOf(control.control()).stream()
                .map(ControlPages::key)
                .collect(Collectors.toSet());
        List<FrameworkMapping> mappings = new ArrayList<>();
        for (FrameworkPosture framework : report.frameworks()) {
            List<RequirementStatus> requirements = framework.requirements().stream()
                    .filter(r -> mapped.contains(key(r.requirement())))
                    .toList();
            if (!requirements.isEmpty()) {
                mappings.add(new FrameworkMapping(framework, requirements));
            }
        }
        model.addAttribute("control", control);
        model.addAttribute("mappings", mappings);
        return "controls/detail";
    }

    private static String key(Requirement requirement) {
        return requirement.frameworkId() + "\u0000" + requirement.id();
    }
}
