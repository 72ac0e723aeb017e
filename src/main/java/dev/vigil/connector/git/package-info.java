/**
 * The {@code git-repository} connector: one {@code repository.git} resource per configured repository branch,
 * describing its security policy, code owners, dependency manifests (with a CycloneDX SBOM of the declared
 * dependencies as evidence), the security scanners its CI runs, dependency-update bots, credentials committed in
 * the current tree (file, line and kind only) and the share of signed commits.
 *
 * <p>Everything is read with JGit from the branch's last commit, never from a working directory; remote
 * repositories are cloned bare under a work directory. Settings that hosting services keep outside the
 * repository (branch protection, required reviews) are reported as unknown, never guessed.
 */
package dev.vigil.connector.git;
