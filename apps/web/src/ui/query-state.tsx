// What a section shows while its query loads or when it fails: one look for every page.
import { Alert, Center, Loader } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorText } from "../api/client.ts";

export function QueryState<T>(props: {
  readonly query: UseQueryResult<T>;
  readonly label: string;
  readonly children: (data: T) => ReactNode;
}): ReactNode {
  const { query, label, children } = props;
  if (query.isPending)
    return (
      <Center p="md">
        <Loader size="sm" aria-label={`Loading ${label}`} />
      </Center>
    );
  if (query.isError)
    return (
      <Alert color="red" title={`Could not load ${label}`} role="alert">
        {errorText(query.error)}
      </Alert>
    );
  return children(query.data);
}
