import { Alert, Button, Divider, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { demoLoginsQuery, useSignIn } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";
import { humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/sign-in");

export function SignInPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const demo = useQuery(demoLoginsQuery).data;
  const signInAs = (login: { email: string; password: string }) =>
    signIn.mutate(login, { onSuccess: () => void navigate({ to: redirect ?? "/", replace: true }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signInAs({ email, password });
  };

  return (
    <AuthFrame title="Sign in">
      <form onSubmit={submit} aria-label="Sign in">
        <Stack>
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {signIn.isError && (
            <Alert color="red" role="alert">
              {errorText(signIn.error)}
            </Alert>
          )}
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
      {demo && demo.signIns.length > 0 && (
        <section aria-labelledby="demo-sign-ins">
          <Divider
            my="xs"
            label={
              <Text id="demo-sign-ins" size="sm">
                Or look around the demo as
              </Text>
            }
          />
          <Group gap="xs">
            {demo.signIns.map((p) => (
              <Button
                key={p.email}
                variant="light"
                size="xs"
                title={`${p.name} (${p.email})`}
                disabled={signIn.isPending}
                onClick={() => signInAs({ email: p.email, password: demo.password })}
              >
                {humanize(p.role)}
              </Button>
            ))}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            Each sees what their role may: a viewer sees no amounts, an account executive their own deals'
            money.
          </Text>
        </section>
      )}
      <Text size="sm">
        New here?{" "}
        <AnchorLink to="/sign-up" search={redirect ? { redirect } : {}}>
          Create an account
        </AnchorLink>
      </Text>
    </AuthFrame>
  );
}
