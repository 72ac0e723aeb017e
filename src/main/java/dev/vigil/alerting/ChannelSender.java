package dev.vigil.alerting;

import java.util.List;
import java.util.Map;

/** Sends notices to one kind of channel. Implementations are stateless and thread-safe. */
interface ChannelSender {

    ChannelType type();

    /**
     * Sends the notices as one message where the channel allows (a digest) or one after the other.
     *
     * @param config the channel's settings, secrets decrypted
     * @param idempotencyKey the same on every attempt of this delivery, so the receiver can drop repeats
     * @return what the receiver answered, for the attempt log
     * @throws DeliveryException when the channel did not accept the message
     */
    String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException;
}
