package dev.vigil.alerting;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Email through the SMTP server of {@code VIGIL_SMTP_*}. The idempotency key becomes the Message-ID, so a message
 * re-sent after a crash is recognisable as the same message.
 */
@Component
class EmailSender implements ChannelSender {

    private final AlertingProperties.Smtp smtp;
    private final JavaMailSenderImpl mail;

    EmailSender(AlertingProperties properties) {
        this.smtp = properties.smtp();
        this.mail = new JavaMailSenderImpl();
        if (smtp.configured()) {
            mail.setHost(smtp.host());
            mail.setPort(smtp.port());
            if (smtp.username() != null && !smtp.username().isBlank()) {
                mail.setUsername(smtp.username());
                mail.setPassword(smtp.password());
            }
            Properties javaMail = mail.getJavaMailProperties();
            long timeout = properties.sendTimeout().toMillis();
            javaMail.put("mail.smtp.connectiontimeout", Long.toString(timeout));
            javaMail.put("mail.smtp.timeout", Long.toString(timeout));
            javaMail.put("mail.smtp.writetimeout", Long.toString(timeout));
            javaMail.put("mail.smtp.auth", Boolean.toString(mail.getUsername() != null));
            javaMail.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        }
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    /** Parses the comma-separated recipients. */
    static List<InternetAddress> recipients(String to) throws AddressException {
        List<InternetAddress> addresses = new ArrayList<>();
        for (String part : to.split(",")) {
            if (!part.isBlank()) {
                InternetAddress address = new InternetAddress(part.strip(), true);
                address.validate();
                addresses.add(address);
            }
        }
        if (addresses.isEmpty()) {
            throw new AddressException("no recipient given");
        }
        return addresses;
    }

    @Override
    public String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException {
        if (!smtp.configured()) {
            throw new DeliveryException(
                    "No mail server is configured; set VIGIL_SMTP_HOST (and VIGIL_SMTP_PORT, VIGIL_SMTP_USERNAME,"
                            + " VIGIL_SMTP_PASSWORD) and restart Vigil",
                    false);
        }
        try {
            MimeMessage message = new KeyedMessage(mail.getSession(), idempotencyKey);
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipients(
                    jakarta.mail.Message.RecipientType.TO,
                    recipients((String) config.get("to")).toArray(InternetAddress[]::new));
            if (messages.size() == 1) {
                AlertMessage alert = messages.get(0);
                message.setSubject(alert.severityLabel() + " " + alert.summary(), StandardCharsets.UTF_8.name());
                message.setText(alert.text(), StandardCharsets.UTF_8.name());
            } else {
                message.setSubject("Vigil digest: " + messages.size() + " alerts", StandardCharsets.UTF_8.name());
                StringBuilder text = new StringBuilder();
                for (AlertMessage alert : messages) {
                    text.append(alert.text()).append("\n----------------------------------------\n\n");
                }
                message.setText(text.toString(), StandardCharsets.UTF_8.name());
            }
            message.setHeader("X-Vigil-Idempotency-Key", idempotencyKey);
            mail.send(message);
            return "accepted by " + smtp.host() + ":" + smtp.port();
        } catch (AddressException e) {
            throw new DeliveryException("Invalid recipient address: " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            throw new DeliveryException("Could not build the message: " + e.getMessage(), false, e);
        } catch (MailAuthenticationException e) {
            throw new DeliveryException(
                    "The mail server " + smtp.host() + " refused the credentials: " + e.getMessage(), true, e);
        } catch (MailSendException e) {
            throw new DeliveryException(
                    "The mail server " + smtp.host() + ":" + smtp.port() + " did not take the message: "
                            + rootMessage(e),
                    true,
                    e);
        } catch (MailException e) {
            throw new DeliveryException("Sending mail failed: " + rootMessage(e), true, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** A message whose Message-ID is derived from the delivery's idempotency key. */
    private static final class KeyedMessage extends MimeMessage {

        private final String key;

        KeyedMessage(Session session, String key) {
            super(session);
            this.key = key;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + key + "@vigil>");
        }
    }
}
