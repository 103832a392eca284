import { Center, Stack, Text, Title } from "@mantine/core";
import { AnchorLink } from "./links.tsx";

export function NotFound() {
  return (
    <Center mih="60vh">
      <Stack align="center">
        <Title order={1}>Nothing here</Title>
        <Text c="dimmed">This page does not exist, or it is not yours to see.</Text>
        <AnchorLink to="/">Go to your workbench</AnchorLink>
      </Stack>
    </Center>
  );
}
