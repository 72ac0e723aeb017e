package dev.vigil.inventory;

import java.util.List;

/**
 * What one collection run did to the inventory.
 *
 * @param seen every resource the run reported, current snapshot
 * @param changed the subset that is new or whose content hash changed
 * @param gone resources of the integration that the run no longer reported
 */
public record InventoryUpdate(List<ResourceRecord> seen, List<ResourceRecord> changed, List<ResourceRecord> gone) {

    public boolean isChanged(ResourceRecord resource) {
        return changed.stream().anyMatch(r -> r.id().equals(resource.id()));
    }
}
