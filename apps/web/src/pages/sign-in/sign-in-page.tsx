import { Alert, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { useSignIn } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/sign-in");

export function SignInPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(
      { email, password },
      { onSuccess: () => void navigate({ to: redirect ?? "/", replace: true }) },
    );
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
      <Text size="sm">
        New here?{" "}
        <AnchorLink to="/sign-up" search={redirect ? { redirect } : {}}>
          Create an account
        </AnchorLink>
      </Text>
    </AuthFrame>
  );
}
