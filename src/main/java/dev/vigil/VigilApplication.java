package dev.vigil;

import dev.vigil.agent.HostAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Vigil: continuous security compliance in one process. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class VigilApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("agent")) {
            // The host agent: plain Java, no Spring context and no database (see dev.vigil.agent).
            System.exit(HostAgent.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(VigilApplication.class, args);
    }
}
