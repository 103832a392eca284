import { Alert, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { useSignUp } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/sign-up");

export function SignUpPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const signUp = useSignUp();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signUp.mutate(
      { name, email, password },
      // A new user belongs to no workspace yet, unless they came to accept an invitation.
      { onSuccess: () => void navigate({ to: redirect ?? "/workspaces/new", replace: true }) },
    );
  };

  return (
    <AuthFrame title="Create your account">
      <form onSubmit={submit} aria-label="Sign up">
        <Stack>
          <TextInput
            label="Name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description="8 characters or more"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {signUp.isError && (
            <Alert color="red" role="alert">
              {errorText(signUp.error)}
            </Alert>
          )}
          <Button type="submit" loading={signUp.isPending}>
            Sign up
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        Have an account?{" "}
        <AnchorLink to="/sign-in" search={redirect ? { redirect } : {}}>
          Sign in
        </AnchorLink>
      </Text>
    </AuthFrame>
  );
}
