// The centred card that sign-in, sign-up, invitations and a new workspace share.
import { Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function AuthFrame(props: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack gap="md">
          <Text fw={700} c="indigo">
            Accountable
          </Text>
          <Title order={1} size="h2">
            {props.title}
          </Title>
          {props.children}
        </Stack>
      </Paper>
    </Center>
  );
}
