package io.analogcomposer.api.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

    Optional<ApiToken> findBySecretHash(String secretHash);

    List<ApiToken> findByOwnerIdOrderByCreatedAtDesc(UUID ownerId);
}
