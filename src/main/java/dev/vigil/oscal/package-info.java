/**
 * OSCAL: exports Vigil's control library as an OSCAL catalog and a workspace's implementation of it as an OSCAL
 * component definition, so GRC tools and auditors that speak NIST's Open Security Controls Assessment Language
 * can read them. It owns the translation only: identifiers (OSCAL control ids derived from ours, name-based
 * UUIDs), the Vigil property namespace and the JSON documents, built with liboscal's bound model classes.
 *
 * <p>It reads the catalog and the posture and stores nothing; it imports nothing either (OSCAL in, such as
 * importing a catalog or a profile, would be content work for {@code catalog}). It decides no status: the posture
 * states it writes are {@code posture}'s.
 */
@org.springframework.modulith.ApplicationModule(displayName = "OSCAL")
package dev.vigil.oscal;
